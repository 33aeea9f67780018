# The matrix editor and session files in the window (issue 4).
ae_add_test(tst_matrixeditor SOURCES tst_matrixeditor.cpp LIBS attention_ui)
ae_add_test(tst_session SOURCES tst_session.cpp LIBS attention_ui)
add_dependencies(tst_session attention-explorer) # runs the real executable with a saved session
# Nothing lost (issue 8): autosave and crash recovery with the real program killed mid-session;
# writes that fail half-way (RLIMIT_FSIZE) leave no partial file.
ae_add_test(tst_recovery SOURCES tst_recovery.cpp LIBS attention_ui)
add_dependencies(tst_recovery attention-explorer) # starts the real program and kills it
ae_add_test(tst_atomicwrites SOURCES tst_atomicwrites.cpp LIBS attention_ui)
add_dependencies(tst_atomicwrites attention-explorer) # a failing --export
