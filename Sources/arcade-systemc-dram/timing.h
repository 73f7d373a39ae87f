// DDR4 command timing of one channel, kept the way Ramulator 2 keeps it: every level of the
// hierarchy (channel data bus, rank, bank group, bank) holds, per command, the earliest cycle it
// may issue there; issuing a command raises the entries its constraints name to cycle + latency,
// and a command is legal at the maximum over its bank's levels (plus the rank's four-activate
// window). The table is transcribed from Ramulator 2's src/dram/impl/DDR4.cpp
// (CMU-SAFARI/ramulator2 @525d045, populate_timingcons), independently of Arcade's Swift copy.
#pragma once

#include <boost/circular_buffer.hpp>
#include <array>
#include <vector>

namespace dram {

// The commands a DDR4 controller with all-bank refresh issues.
enum Command : int { ACT, PRE, PREA, RD, WR, RDA, WRA, REF, kCommandCount };

// Report names, as Arcade's `cmd_<name>` totals.
const char* command_name(int command);

inline bool is_column(Command command) { return command == RD || command == WR || command == RDA || command == WRA; }

// Timing parameters in memory-clock cycles (JEDEC / Ramulator 2 names).
struct Timing {
    long nBL = 0, nCL = 0, nCWL = 0, nRCD = 0, nRCDWR = 0, nRP = 0, nRAS = 0, nRC = 0, nWR = 0, nRTP = 0;
    long nCCD_S = 0, nCCD_L = 0, nRRD_S = 0, nRRD_L = 0, nWTR_S = 0, nWTR_L = 0, nFAW = 0, nRFC = 0, nREFI = 0, nCS = 0;
};

// Banks of one channel are numbered (rank · bank groups + bank group) · banks per group + bank.
struct ChannelShape {
    int ranks = 1, bank_groups = 1, banks_per_group = 1;
    int banks_per_rank() const { return bank_groups * banks_per_group; }
    int banks() const { return ranks * banks_per_rank(); }
};

class ChannelTiming {
  public:
    ChannelTiming(const Timing& timing, const ChannelShape& shape);

    // The earliest cycle `command` may issue to `bank` (rank commands: any bank of the rank).
    long earliest(Command command, int bank) const;
    void issue(Command command, int bank, long cycle);

  private:
    enum class Level { Channel, Rank, SiblingRanks, BankGroup, Bank };
    struct Effect { Level level; Command following; long latency; };
    using Ready = std::array<long, kCommandCount>;

    ChannelShape shape_;
    std::vector<int> group_of_, rank_of_;                         // by bank: looked up, not divided, per check
    std::array<std::vector<Effect>, kCommandCount> effects_;   // by preceding command
    Ready bus_{};
    std::vector<Ready> rank_, group_, bank_;
    // tFAW: the last four ACTs of each rank; a fifth waits until the oldest is nFAW old.
    // A fixed ring of four is exactly Boost's circular_buffer (push_back drops the oldest).
    std::vector<boost::circular_buffer<long>> activates_;
    long faw_;
};

}  // namespace dram
