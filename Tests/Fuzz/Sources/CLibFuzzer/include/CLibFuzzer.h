#ifndef C_LIB_FUZZER_H
#define C_LIB_FUZZER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt, FuzzerDriver.cpp): reads libFuzzer's flags and inputs from
/// `argc`/`argv` and fuzzes `callback`, as libFuzzer's own `main` does. The fuzz targets call it
/// from the entry point SwiftPM links (see FuzzCSV.swift).
int LLVMFuzzerRunDriver(int *argc, char ***argv,
                        int (*callback)(const uint8_t *data, size_t size));

#endif
