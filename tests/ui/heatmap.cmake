# tests of the colour maps and the heatmap views
ae_add_test(tst_colormap SOURCES tst_colormap.cpp LIBS attention_ui)
ae_add_test(tst_heatmap SOURCES tst_heatmap.cpp LIBS attention_ui)
ae_add_test(tst_colorscale SOURCES tst_colorscale.cpp LIBS attention_ui)
