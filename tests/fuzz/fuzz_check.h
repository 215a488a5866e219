#pragma once

#include <cstdio>
#include <cstdlib>

// A property a fuzz target checks on every input: when it fails, the input is a finding, so
// the process aborts (libFuzzer then saves the input; the replay driver reports it).
#define MBC_FUZZ_CHECK(condition)                                                                  \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            std::fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", #condition, __FILE__,          \
                         __LINE__);                                                                \
            std::abort();                                                                          \
        }                                                                                          \
    } while (false)
