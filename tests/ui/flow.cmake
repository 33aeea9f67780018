# tests of the flow views
ae_add_test(tst_flow SOURCES tst_flow.cpp LIBS attention_ui)
# the flow views at real lengths and pane sizes, and the causal mask in arrows and pinning
ae_add_test(tst_flowreadable SOURCES tst_flowreadable.cpp LIBS attention_ui)
