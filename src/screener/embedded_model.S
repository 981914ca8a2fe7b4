/* The trained screener model, compiled into liblifeguard so the binary needs
   no data files. The path comes from CMake (LIFEGUARD_EMBEDDED_MODEL_PATH). */
    .section .rodata
    .global lifeguard_embedded_screener_model
    .global lifeguard_embedded_screener_model_end
    .balign 64
lifeguard_embedded_screener_model:
    .incbin LIFEGUARD_EMBEDDED_MODEL_PATH
lifeguard_embedded_screener_model_end:
    .byte 0
    .section .note.GNU-stack,"",@progbits
