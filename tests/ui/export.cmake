# tests of the exporters (PNG/SVG/PDF of any view, CSV/JSON of the shown heads, the window's export actions)
ae_add_test(tst_exportrender SOURCES tst_exportrender.cpp LIBS attention_ui)
ae_add_test(tst_exportnumbers SOURCES tst_exportnumbers.cpp tst_exportcsv.h LIBS attention_ui)
ae_add_test(tst_exportwindow SOURCES tst_exportwindow.cpp LIBS attention_ui)
