/* How a Swift executable starts a SystemC platform whose sc_main lives in a C++ target: its
 * main.swift calls this (libsystemc's own main is not used, so the Swift runtime owns the process). */
#ifndef ARCADE_TLM_START_H
#define ARCADE_TLM_START_H
#ifdef __cplusplus
extern "C" {
#endif
/* Runs sc_elab_and_sim(argc, argv) — elaboration, then sc_main — and returns its exit status;
 * no C++ exception escapes (one that would is reported on stderr and returns 1). */
int arcade_tlm_elab_and_sim(int argc, char **argv);
#ifdef __cplusplus
}
#endif
#endif
