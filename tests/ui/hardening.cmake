# Extreme input through the whole window (hardening; the core cases are in tests/core/hardening).
ae_add_test(tst_extremes SOURCES tst_extremes.cpp LIBS attention_ui)
