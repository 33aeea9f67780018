# tests of real models in the window: document model mode, model view, rollout, statistics, predictions
ae_add_test(tst_modeldocument SOURCES tst_modeldocument.cpp LIBS attention_ui)
ae_add_test(tst_modelviews SOURCES tst_modelviews.cpp LIBS attention_ui)
ae_add_test(tst_headstatisticsmodel SOURCES tst_headstatisticsmodel.cpp LIBS attention_ui)
ae_add_test(tst_modelwindow SOURCES tst_modelwindow.cpp LIBS attention_ui)
ae_add_test(tst_sinkandgroups SOURCES tst_sinkandgroups.cpp LIBS attention_ui)
ae_add_test(tst_encoderwindow SOURCES tst_encoderwindow.cpp LIBS attention_ui)
