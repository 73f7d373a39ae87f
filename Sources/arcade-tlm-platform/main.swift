// The example platform (examples/systemc-platform/platform.cpp) built as a package executable, so CI
// checks that the platform users copy still builds and runs. See Sources/arcade-tlm/main.swift.
import ArcadeCABI
import Foundation

@_silgen_name("arcade_tlm_elab_and_sim")
func arcadeTLMElabAndSim(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32

exit(arcadeTLMElabAndSim(CommandLine.argc, CommandLine.unsafeArgv))
