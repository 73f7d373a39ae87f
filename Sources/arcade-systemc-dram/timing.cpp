#include "timing.h"

#include <algorithm>

namespace dram {

const char* command_name(int command) {
    static const char* names[kCommandCount] = {"act", "pre", "prea", "rd", "wr", "rda", "wra", "ref"};
    return names[command];
}

ChannelTiming::ChannelTiming(const Timing& t, const ChannelShape& shape)
    : shape_(shape), rank_(shape.ranks, Ready{}), group_(shape.ranks * shape.bank_groups, Ready{}),
      bank_(shape.banks(), Ready{}), activates_(shape.ranks, boost::circular_buffer<long>(4)), faw_(t.nFAW) {
    for (int bank = 0; bank < shape.banks(); ++bank) {
        group_of_.push_back(bank / shape.banks_per_group);
        rank_of_.push_back(bank / shape.banks_per_rank());
    }
    struct Constraint { Level level; std::vector<Command> preceding, following; long latency; };
    const std::vector<Command> reads{RD, RDA}, writes{WR, WRA}, columns{RD, RDA, WR, WRA};
    const long write_to_precharge = t.nCWL + t.nBL + t.nWR;
    // Ramulator 2 DDR4.cpp, level by level, in its order. Its "channel" level is the data bus.
    const std::vector<Constraint> table = {
        {Level::Channel, reads, reads, t.nBL},                        // data bus occupancy
        {Level::Channel, writes, writes, t.nBL},
        {Level::Rank, reads, reads, t.nCCD_S},
        {Level::Rank, writes, writes, t.nCCD_S},
        {Level::Rank, reads, writes, t.nCL + t.nBL + 2 - t.nCWL},     // read to write, tWPRE = 1 tCK
        {Level::Rank, writes, reads, t.nCWL + t.nBL + t.nWTR_S},
        {Level::SiblingRanks, reads, columns, t.nBL + t.nCS},         // rank switching (nCS)
        {Level::SiblingRanks, writes, reads, t.nCL + t.nBL + t.nCS - t.nCWL},
        {Level::Rank, {RD}, {PREA}, t.nRTP},
        {Level::Rank, {WR}, {PREA}, write_to_precharge},
        {Level::Rank, {ACT}, {ACT}, t.nRRD_S},
        // {rank, ACT, ACT, nFAW, window 4}: the activate history below.
        {Level::Rank, {ACT}, {PREA}, t.nRAS},
        {Level::Rank, {PREA}, {ACT}, t.nRP},
        {Level::Rank, {ACT}, {REF}, t.nRC},
        {Level::Rank, {PRE, PREA}, {REF}, t.nRP},
        {Level::Rank, {RDA}, {REF}, t.nRP + t.nRTP},
        {Level::Rank, {WRA}, {REF}, write_to_precharge + t.nRP},
        // Ramulator 2 lists REF → ACT only; JESD79-4 §4.25 allows no command but DES for tRFC after
        // REF, so PREA and REF wait too (Arcade's table has the same three).
        {Level::Rank, {REF}, {ACT, PREA, REF}, t.nRFC},
        {Level::BankGroup, reads, reads, t.nCCD_L},
        {Level::BankGroup, writes, writes, t.nCCD_L},
        {Level::BankGroup, writes, reads, t.nCWL + t.nBL + t.nWTR_L},
        {Level::BankGroup, {ACT}, {ACT}, t.nRRD_L},
        {Level::Bank, {ACT}, {ACT}, t.nRC},
        {Level::Bank, {ACT}, reads, t.nRCD},
        {Level::Bank, {ACT}, writes, t.nRCDWR},                       // = nRCD in DDR4; Arcade may override it
        {Level::Bank, {ACT}, {PRE}, t.nRAS},
        {Level::Bank, {PRE}, {ACT}, t.nRP},
        {Level::Bank, {RD}, {PRE}, t.nRTP},
        {Level::Bank, {WR}, {PRE}, write_to_precharge},
        {Level::Bank, {RDA}, {ACT}, t.nRTP + t.nRP},
        {Level::Bank, {WRA}, {ACT}, write_to_precharge + t.nRP},
    };
    for (const Constraint& constraint : table)
        for (Command preceding : constraint.preceding)
            for (Command following : constraint.following)
                effects_[preceding].push_back({constraint.level, following, constraint.latency});
}

long ChannelTiming::earliest(Command command, int bank) const {
    const int group = group_of_[bank], rank = rank_of_[bank];
    long ready = std::max({bus_[command], rank_[rank][command], group_[group][command], bank_[bank][command]});
    const boost::circular_buffer<long>& window = activates_[rank];
    if (command == ACT && window.full()) ready = std::max(ready, window.front() + faw_);
    return ready;
}

void ChannelTiming::issue(Command command, int bank, long cycle) {
    const int group = group_of_[bank], rank = rank_of_[bank];
    auto raise = [cycle](Ready& ready, const Effect& effect) {
        ready[effect.following] = std::max(ready[effect.following], cycle + effect.latency);
    };
    for (const Effect& effect : effects_[command]) {
        switch (effect.level) {
        case Level::Channel: raise(bus_, effect); break;
        case Level::Rank: raise(rank_[rank], effect); break;
        case Level::SiblingRanks:
            for (int other = 0; other < shape_.ranks; ++other)
                if (other != rank) raise(rank_[other], effect);
            break;
        case Level::BankGroup: raise(group_[group], effect); break;
        case Level::Bank: raise(bank_[bank], effect); break;
        }
    }
    if (command == ACT) activates_[rank].push_back(cycle);
}

}  // namespace dram
