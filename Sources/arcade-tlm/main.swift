// `arcade-tlm`: Arcade's DRAM replaying a trace as a TLM-2.0 target in a SystemC platform
// (sc_main: Sources/ArcadeTLMReplay/Replay.cpp). A Swift executable, so that Swift's runtime and the
// C ABI (ArcadeCABI, linked in) are set up as in any Swift program; SystemC runs inside it.
import ArcadeCABI
import Foundation

@_silgen_name("arcade_tlm_elab_and_sim")
func arcadeTLMElabAndSim(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32

exit(arcadeTLMElabAndSim(CommandLine.argc, CommandLine.unsafeArgv))
