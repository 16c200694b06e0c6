# One INTERFACE target carries the language level, warnings and Qt defines for every Ferry target.
add_library(ferry_common INTERFACE)
target_compile_features(ferry_common INTERFACE cxx_std_20)
target_compile_options(ferry_common INTERFACE -Wall -Wextra -Wpedantic)
if(FERRY_WERROR)
    target_compile_options(ferry_common INTERFACE -Werror)
endif()
target_compile_definitions(ferry_common INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_USE_QSTRINGBUILDER
    QT_NO_KEYWORDS
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
)
