/* The crisis-resource directory (data/resources.json), compiled into
   liblifeguard so the server needs no data files. The path comes from CMake
   (LIFEGUARD_EMBEDDED_RESOURCES_PATH). */
    .section .rodata
    .global lifeguard_embedded_resources
    .global lifeguard_embedded_resources_end
lifeguard_embedded_resources:
    .incbin LIFEGUARD_EMBEDDED_RESOURCES_PATH
lifeguard_embedded_resources_end:
    .byte 0
    .section .note.GNU-stack,"",@progbits
