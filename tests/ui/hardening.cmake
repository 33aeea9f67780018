# Extreme input through the whole window (hardening; the core cases are in tests/core/hardening).
ae_add_test(tst_extremes SOURCES tst_extremes.cpp LIBS attention_ui)
# An undo history that cannot eat the machine (issue 11): steps hold what they change, within a budget.
ae_add_test(tst_undomemory SOURCES tst_undomemory.cpp LIBS attention_ui)
