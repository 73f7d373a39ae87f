/// The number formats an FPGA engine computes in, with what one multiply-accumulate costs in
/// DSP slices, LUTs and flip-flops and how deep its operators are pipelined.
///
/// DSP costs: a DSP48E2 multiplies 27×18 bits (AMD UG579), so a 16-bit fixed-point MAC takes one
/// slice; INT8 packs two MACs that share an operand into one slice (AMD WP486, "Deep Learning with
/// INT8 Optimization on Xilinx Devices"); a 32-bit × 16-bit product (UbiMoE's ap_fixed<32,10>
/// activations × ap_fixed<16,2> weights) needs two slices; floating point as Vitis HLS maps its
/// operators by default (full DSP usage: fp16 multiply 1 + add 1, fp32 multiply 3 + add 2; AMD
/// PG060 Floating-Point Operator, resource tables). LUT/FF per MAC and the operator latencies are
/// estimates of Vitis HLS's reports at 300 MHz on UltraScale+, used to place the LUT and FF totals
/// next to the papers' tables; `bench/fpga/README.md` compares them.
public enum FPGADataType: String, CaseIterable, Sendable {
    case int8
    case fixed16
    case fixed32x16
    case fp16
    case fp32

    /// Bytes of one activation element in memory (K, Q, V, inputs, outputs).
    public var activationBytes: Int {
        switch self {
        case .int8: return 1
        case .fixed16, .fp16: return 2
        case .fixed32x16, .fp32: return 4
        }
    }

    /// Bytes of one weight.
    public var weightBytes: Int {
        switch self {
        case .int8: return 1
        case .fixed16, .fp16, .fixed32x16: return 2
        case .fp32: return 4
        }
    }

    /// DSP slices for `macs` parallel multiply-accumulates (INT8 pairs them).
    public func dsps(macs: Int) -> Int {
        switch self {
        case .int8: return (macs + 1) / 2
        case .fixed16: return macs
        case .fixed32x16: return 2 * macs
        case .fp16: return 2 * macs
        case .fp32: return 5 * macs
        }
    }

    /// LUTs and flip-flops of one MAC lane beyond its DSPs (operand muxing, the adder-tree share,
    /// floating-point alignment and normalisation).
    public var lutsPerMAC: Int {
        switch self {
        case .int8: return 20
        case .fixed16: return 30
        case .fixed32x16: return 60
        case .fp16: return 120
        case .fp32: return 350
        }
    }

    public var ffsPerMAC: Int {
        switch self {
        case .int8: return 30
        case .fixed16: return 50
        case .fixed32x16: return 90
        case .fp16: return 180
        case .fp32: return 550
        }
    }

    /// Pipeline depth of a multiply-accumulate, cycles.
    public var macLatencyCycles: Int {
        switch self {
        case .int8, .fixed16: return 3
        case .fixed32x16: return 4
        case .fp16: return 8
        case .fp32: return 11
        }
    }

    /// Pipeline depth of an adder-tree level, cycles.
    public var addLatencyCycles: Int {
        switch self {
        case .int8, .fixed16, .fixed32x16: return 1
        case .fp16: return 4
        case .fp32: return 7
        }
    }

    /// An exponential unit (softmax): DSPs, LUTs, FFs, latency. Fixed point: a table lookup plus a
    /// polynomial correction; floating point: Vitis HLS's hls::exp.
    public var expUnit: (dsps: Int, luts: Int, ffs: Int, latencyCycles: Int) {
        switch self {
        case .int8, .fixed16: return (2, 300, 350, 8)
        case .fixed32x16: return (4, 500, 600, 10)
        case .fp16: return (3, 600, 700, 12)
        case .fp32: return (7, 1_000, 1_300, 20)
        }
    }

    /// A divider (softmax normalisation): LUT-built, no DSPs.
    public var divider: (luts: Int, ffs: Int, latencyCycles: Int) {
        switch self {
        case .int8: return (150, 200, 12)
        case .fixed16, .fp16: return (300, 400, 18)
        case .fixed32x16, .fp32: return (800, 1_100, 30)
        }
    }
}
