ae_add_test(tst_mainwindow SOURCES tst_mainwindow.cpp LIBS attention_ui)
# The one job runner, and the text as part of the document's undoable state.
ae_add_test(tst_jobrunner SOURCES tst_jobrunner.cpp LIBS attention_ui)
ae_add_test(tst_documentundo SOURCES tst_documentundo.cpp LIBS attention_ui)
# The window at laptop and large sizes, its menus and its themes.
ae_add_test(tst_windowlayout SOURCES tst_windowlayout.cpp LIBS attention_ui)
# The Settings dock with a checkpoint open: its own configuration, read-only (issue 16).
ae_add_test(tst_modelsettings SOURCES tst_modelsettings.cpp LIBS attention_ui)
