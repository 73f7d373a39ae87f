#include "controller.h"

#include <algorithm>
#include <limits>

using namespace sc_core;

namespace dram {

Controller::Controller(sc_module_name name, const Timing& timing, const ChannelShape& shape,
                       const ControllerConfig& config, Completions& completions, sc_time period)
    : sc_module(name), t_(timing), shape_(shape), config_(config), timing_(timing, shape), completions_(completions),
      period_(period), reads_(config.read_queue), writes_(config.write_queue), activated_(config.read_queue),
      open_row_(shape.banks(), -1), activated_per_bank_(shape.banks(), 0),
      refresh_interval_(config.refresh ? timing.nREFI : std::numeric_limits<long>::max()) {
    refresh_due_.assign(shape.ranks, refresh_interval_);
    SC_THREAD(run);
    // The falling edge: the frontend offers on the rising edge of the same cycle, so a request can be
    // scheduled in the cycle it arrives, and a slot freed here is offered again on the next rising edge.
    sensitive << clock.neg();
}

void Controller::run() {
    while (true) {
        wait();
        step(static_cast<long>(sc_time_stamp().value() / period_.value()));
    }
}

bool Controller::try_accept(long sequence, int bank, long row, bool is_write, long cycle) {
    boost::circular_buffer<Request>& queue = is_write ? writes_ : reads_;
    if (queue.full()) return false;
    queue.push_back({sequence, bank, row, is_write, cycle, false});
    return true;
}

// Ramulator 2's write-mode rule (enter above the high watermark or when no read waits; leave below
// the low one once reads wait), with Arcade's extra exit when no write is left (DRAMChannelController
// .desiredWriteMode: Ramulator 2 livelocks there with a low watermark of 0).
bool Controller::desired_write_mode() const {
    const double writes = static_cast<double>(writes_.size()), capacity = static_cast<double>(writes_.capacity());
    if (!write_mode_) return writes > config_.write_high_watermark * capacity || reads_.empty();
    return !((writes < config_.write_low_watermark * capacity || writes_.empty()) && !reads_.empty());
}

Command Controller::column_command(bool is_write) const {
    if (config_.open_page) return is_write ? WR : RD;
    return is_write ? WRA : RDA;
}

// A row hit needs its column command; another row open needs PRE; a closed bank needs ACT.
Command Controller::next_command(const Request& request) const {
    const long open = open_row_[request.bank];
    if (open == request.row) return column_command(request.is_write);
    return open >= 0 ? PRE : ACT;
}

bool Controller::refresh_holds(int bank) const {
    return refresh_rank_ >= 0 && bank / shape_.banks_per_rank() == refresh_rank_;
}

void Controller::start_due_refresh(long now) {
    if (refresh_rank_ >= 0) return;
    long earliest = std::numeric_limits<long>::max();
    for (int rank = 0; rank < shape_.ranks; ++rank)
        if (refresh_due_[rank] <= now && refresh_due_[rank] < earliest) {
            earliest = refresh_due_[rank];
            refresh_rank_ = rank;
        }
}

// PREA while any bank of the rank is open (held back while an activated request still needs one),
// then REF.
Controller::RefreshStep Controller::next_refresh_command() const {
    const int first = refresh_rank_ * shape_.banks_per_rank();
    bool open = false, blocked = false;
    for (int bank = first; bank < first + shape_.banks_per_rank(); ++bank) {
        open = open || open_row_[bank] >= 0;
        blocked = blocked || activated_per_bank_[bank] > 0;
    }
    if (open) return {PREA, first, blocked};
    return {REF, first, false};
}

void Controller::issue_refresh(const RefreshStep& step, long now) {
    ++stats_.commands[step.command];
    timing_.issue(step.command, step.bank, now);
    if (step.command == PREA) {
        for (int bank = step.bank; bank < step.bank + shape_.banks_per_rank(); ++bank) close(bank);
        return;
    }
    refresh_due_[refresh_rank_] += refresh_interval_;
    refresh_rank_ = -1;
}

// FR-FCFS: among requests whose next command is legal now, row hits first, then the oldest. The
// queue is in age order, so the first legal hit wins, else the first legal other request.
int Controller::choose_frfcfs(const boost::circular_buffer<Request>& queue, long now, Command& command) const {
    int other = -1;
    Command other_command = ACT;
    for (int index = 0; index < static_cast<int>(queue.size()); ++index) {
        const Request& request = queue[index];
        if (refresh_holds(request.bank)) continue;
        const Command next = next_command(request);
        if (next == PRE && activated_per_bank_[request.bank] > 0) continue;
        if (std::max(timing_.earliest(next, request.bank), request.enter_cycle) > now) continue;
        if (is_column(next)) {
            command = next;
            return index;
        }
        if (other < 0) {
            other = index;
            other_command = next;
        }
    }
    command = other_command;
    return other;
}

// FCFS: only the oldest request not held by a refresh, when its next command is legal.
int Controller::choose_fcfs(const boost::circular_buffer<Request>& queue, long now, Command& command) const {
    for (int index = 0; index < static_cast<int>(queue.size()); ++index) {
        const Request& request = queue[index];
        if (refresh_holds(request.bank)) continue;
        command = next_command(request);
        if (command == PRE && activated_per_bank_[request.bank] > 0) return -1;
        return std::max(timing_.earliest(command, request.bank), request.enter_cycle) <= now ? index : -1;
    }
    return -1;
}

void Controller::step(long now) {
    start_due_refresh(now);
    if (desired_write_mode() != write_mode_) write_mode_ = !write_mode_;

    // 1. Activated requests first: their rows are open for them, only the column command is left.
    int chosen = -1;
    for (int index = 0; index < static_cast<int>(activated_.size()); ++index) {
        const Request& request = activated_[index];
        const long ready = std::max(timing_.earliest(column_command(request.is_write), request.bank), request.enter_cycle);
        if (ready <= now && (chosen < 0 || request.sequence < activated_[chosen].sequence)) chosen = index;
    }
    if (chosen >= 0) {
        const Request request = activated_[chosen];
        const Command command = column_command(request.is_write);
        ++stats_.commands[command];
        timing_.issue(command, request.bank, now);
        --activated_per_bank_[request.bank];
        activated_.erase(activated_.begin() + chosen);
        complete(request, command, now);
        return;
    }

    // 2. A pending refresh, before the queues of its rank.
    if (refresh_rank_ >= 0) {
        const RefreshStep refresh = next_refresh_command();
        if (!refresh.blocked && timing_.earliest(refresh.command, refresh.bank) <= now) {
            issue_refresh(refresh, now);
            return;
        }
    }

    // 3. The write queue in write mode, else the read queue.
    boost::circular_buffer<Request>& queue = write_mode_ ? writes_ : reads_;
    Command command = ACT;
    const int index = config_.frfcfs ? choose_frfcfs(queue, now, command) : choose_fcfs(queue, now, command);
    if (index >= 0) issue_from_queue(queue, index, command, now);
}

void Controller::issue_from_queue(boost::circular_buffer<Request>& queue, int index, Command command, long now) {
    Request& request = queue[index];
    ++stats_.commands[command];
    if (!request.classified) {   // a request's first command says what it was
        request.classified = true;
        if (command == ACT) ++stats_.row_misses;
        else if (command == PRE) ++stats_.row_conflicts;
        else ++stats_.row_hits;
    }
    timing_.issue(command, request.bank, now);
    if (command == PRE) {
        close(request.bank);
        return;
    }
    if (command == ACT) {
        open_row_[request.bank] = request.row;
        // With the activated buffer full the request stays queued, a row hit from now on.
        if (activated_.full()) return;
        activated_.push_back(request);
        ++activated_per_bank_[request.bank];
    } else {
        complete(request, command, now);
    }
    queue.erase(queue.begin() + index);
}

// A read is done when its data has been returned (nCL + nBL after RD), a write when its burst has
// been written (nCWL + nBL after WR): Arcade's definition of a request's completion.
void Controller::complete(const Request& request, Command command, long now) {
    const long done = now + (request.is_write ? t_.nCWL + t_.nBL : t_.nCL + t_.nBL);
    if (request.is_write) {
        ++stats_.writes;
    } else {
        ++stats_.reads;
        stats_.read_latency_sum += done - request.enter_cycle;
    }
    if (command == RDA || command == WRA) close(request.bank);
    stats_.last_completion = std::max(stats_.last_completion, done);
    completions_.cycle[request.sequence] = done;
    // Every channel's step of this cycle still runs: sc_stop ends the simulation after this delta.
    if (--completions_.left == 0) sc_stop();
}

}  // namespace dram
