# tests of the flow views
ae_add_test(tst_flow SOURCES tst_flow.cpp LIBS attention_ui)
