// The C entry a Swift main.swift calls to run a SystemC platform (see arcade_tlm_start.h).
#include "arcade_tlm_start.h"

#include <systemc>

#include <cstdio>
#include <cstdlib>
#include <exception>

extern "C" int arcade_tlm_elab_and_sim(int argc, char** argv) {
    // Keeps SystemC's banner out of the outputs the tests and users parse.
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
    try {
        return sc_core::sc_elab_and_sim(argc, argv);
    } catch (const std::exception& error) {   // never unwind into Swift
        std::fprintf(stderr, "error: %s\n", error.what());
    } catch (...) {
        std::fprintf(stderr, "error: an unknown C++ exception ended the SystemC run\n");
    }
    return 1;
}
