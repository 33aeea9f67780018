# The include rules of docs/architecture.md, checked on the source tree (cmake -DROOT=<repo> -P this).
# Each rule: files under a folder may not include headers matching a pattern. A broken rule fails the
# test with the file, the line and the rule's reason.

# rule(<folder below ROOT> <regex over the included name> <reason>)
function(rule folder forbidden reason)
    file(GLOB_RECURSE sources "${ROOT}/${folder}/*.h" "${ROOT}/${folder}/*.cpp")
    foreach(source IN LISTS sources)
        file(STRINGS "${source}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
        foreach(line IN LISTS includes)
            string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[<\"]([^>\"]*)[>\"].*$" "\\1" included "${line}")
            if(included MATCHES "${forbidden}")
                file(RELATIVE_PATH shown "${ROOT}" "${source}")
                set_property(GLOBAL APPEND PROPERTY layering_violations "${shown}: includes ${included}: ${reason}")
            endif()
        endforeach()
    endforeach()
endfunction()

set(qt_gui "^(Qt(Gui|Widgets|Svg|PrintSupport)/|Q(Widget|Painter|Image|Pixmap|Color|Font|Application|GuiApplication|MainWindow|Svg[A-Za-z]*|PdfWriter)$)")
rule(src/core "${qt_gui}" "the engine is Qt-GUI-free (Qt Core and Eigen only)")
rule(src/core "^\\.\\./" "includes are spelled from src/ (core/...), never with ../")
rule(src/core "^(document|views|checkpoint|export|editor|session|widgets|app)/|^mainwindow\\.h$" "the engine never includes the window's code")
rule(src/core/engine "^core/(transformer|io|analysis)/" "the toy layer stands alone")
rule(src/core/tokenizers "^core/(engine|transformer|analysis)/" "tokenizers know nothing of engines")
rule(src/core/io "^core/(transformer|analysis)/" "file formats know nothing of checkpoints' forward pass")

rule(ui/views "^document/attentiondocument\\.h$" "views take a result, not the document")
rule(ui/views "^viewwiring\\.h$" "views are handed their result, focus and options; they never wire themselves")
rule(ui/views "^core/transformer/" "views draw any model's result through AttentionResult")
rule(ui "^core/transformer/gpt2" "the window names no model family: families live in src/core/transformer")
# Every folder of ui/, present and future: only ui/mainwindow.* (at the top of ui/) and src/app may
# include the window, however the include is spelled.
file(GLOB ui_entries LIST_DIRECTORIES true RELATIVE "${ROOT}" "${ROOT}/ui/*")
foreach(folder IN LISTS ui_entries)
    if(IS_DIRECTORY "${ROOT}/${folder}")
        rule(${folder} "(^|/)mainwindow\\.h$" "only the main window and the program include mainwindow.h")
    endif()
endforeach()

get_property(violations GLOBAL PROPERTY layering_violations)
list(LENGTH violations count)
if(count GREATER 0)
    list(JOIN violations "\n" shown)
    message(FATAL_ERROR "${count} include(s) break the layering (docs/architecture.md):\n${shown}")
endif()
message(STATUS "layering: every include rule holds")
