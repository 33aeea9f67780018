ae_add_test(tst_mainwindow SOURCES tst_mainwindow.cpp LIBS attention_ui)
