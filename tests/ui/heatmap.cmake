# tests of the colour maps and the heatmap views (tst_heatmapzoom: zoom, pan, pooling, labels)
ae_add_test(tst_colormap SOURCES tst_colormap.cpp LIBS attention_ui)
ae_add_test(tst_heatmap SOURCES tst_heatmap.cpp LIBS attention_ui)
ae_add_test(tst_heatmapzoom SOURCES tst_heatmapzoom.cpp LIBS attention_ui)
