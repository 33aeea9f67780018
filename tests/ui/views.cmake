# tests of what every view shares: a result, a focus and options handed in from outside
ae_add_test(tst_resultview SOURCES tst_resultview.cpp LIBS attention_ui)
