# tests of the steps views
ae_add_test(tst_steps SOURCES tst_steps.cpp LIBS attention_ui)
