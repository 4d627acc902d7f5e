// Copyright The Quote Tracker Authors.
//
// OrderedPipeline: runs a function over items in worker threads and hands
// the results, in the order the items were submitted, to one sink thread.
//
// Extraction is the costly step and parallel; the output (stdout, or the
// store's single writer) must still see documents in input order, so that
// runs are reproducible and "first seen" means first in the input.
//
//   OrderedPipeline<Record, Result> pipeline(
//       threads, /*max_pending_bytes=*/256 << 20,
//       [](Record& r, Result* out) { ... },      // worker threads
//       [](Result& out) { ...; return true; });  // the sink thread
//   while (reader has records) {
//     if (!pipeline.Submit(std::move(record), record_bytes)) break;
//   }
//   pipeline.Finish();
//
// Memory is bounded: Submit blocks while 4 items a worker, or more than
// "max_pending_bytes" of submitted items, are not yet through the sink
// (one item always passes, however large).  When the sink returns false
// the pipeline stops: later results are dropped and Submit returns false.
//
// Thread safety: Submit and Finish are called from one thread.

#ifndef CLI_PIPELINE_H_
#define CLI_PIPELINE_H_

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace quotes {

template <typename In, typename Out>
class OrderedPipeline {
 public:
  using WorkFn = std::function<void(In&, Out*)>;
  using SinkFn = std::function<bool(Out&)>;

  OrderedPipeline(int threads, size_t max_pending_bytes, WorkFn work,
                  SinkFn sink)
      : window_(4 * static_cast<size_t>(threads < 1 ? 1 : threads)),
        max_pending_bytes_(max_pending_bytes),
        work_(std::move(work)),
        sink_(std::move(sink)),
        slots_(window_) {
    for (int i = 0; i < (threads < 1 ? 1 : threads); ++i) {
      workers_.emplace_back([this] { WorkLoop(); });
    }
    sink_thread_ = std::thread([this] { SinkLoop(); });
  }

  ~OrderedPipeline() { Finish(); }

  OrderedPipeline(const OrderedPipeline&) = delete;
  OrderedPipeline& operator=(const OrderedPipeline&) = delete;

  // Queues "item", which holds about "bytes" of memory.  Returns false, and
  // drops the item, once the sink has stopped the pipeline.
  bool Submit(In item, size_t bytes) {
    std::unique_lock<std::mutex> lock(mu_);
    space_cv_.wait(lock, [&] {
      return stopped_ || (submitted_ - sunk_ < window_ &&
                          (pending_bytes_ + bytes <= max_pending_bytes_ ||
                           submitted_ == sunk_));
    });
    if (stopped_) return false;
    Slot& slot = slots_[submitted_ % window_];
    slot.bytes = bytes;
    pending_bytes_ += bytes;
    jobs_.push_back(Job{submitted_++, std::move(item)});
    work_cv_.notify_one();
    return true;
  }

  // Waits until every submitted item has reached the sink (or was dropped
  // after a stop), then ends the threads.  Returns false if the sink
  // stopped the pipeline.  Idempotent.
  bool Finish() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (finished_) return !stopped_;
      finished_ = true;
    }
    work_cv_.notify_all();
    ready_cv_.notify_all();
    for (std::thread& t : workers_) t.join();
    sink_thread_.join();
    return !stopped_;
  }

 private:
  struct Job {
    uint64_t seq;
    In item;
  };
  struct Slot {
    std::optional<Out> result;
    size_t bytes = 0;
  };

  void WorkLoop() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      work_cv_.wait(lock, [&] { return !jobs_.empty() || finished_; });
      if (jobs_.empty()) return;
      Job job = std::move(jobs_.front());
      jobs_.pop_front();
      const bool skip = stopped_;
      lock.unlock();
      Out out{};
      if (!skip) work_(job.item, &out);
      job = Job{job.seq, In{}};  // free the input before waiting again
      lock.lock();
      slots_[job.seq % window_].result.emplace(std::move(out));
      if (job.seq == sunk_) ready_cv_.notify_one();
    }
  }

  void SinkLoop() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      ready_cv_.wait(lock, [&] {
        return slots_[sunk_ % window_].result.has_value() ||
               (finished_ && sunk_ == submitted_ && jobs_.empty());
      });
      Slot& slot = slots_[sunk_ % window_];
      if (!slot.result.has_value()) return;
      Out out = std::move(*slot.result);
      slot.result.reset();
      const bool skip = stopped_;
      lock.unlock();
      const bool go_on = skip || sink_(out);
      lock.lock();
      if (!go_on) stopped_ = true;
      pending_bytes_ -= slot.bytes;
      ++sunk_;
      space_cv_.notify_one();
    }
  }

  const size_t window_;
  const size_t max_pending_bytes_;
  const WorkFn work_;
  const SinkFn sink_;

  std::mutex mu_;
  std::condition_variable work_cv_;   // a job was queued, or finished_
  std::condition_variable ready_cv_;  // the next result is in, or finished_
  std::condition_variable space_cv_;  // the sink took a result
  std::deque<Job> jobs_;
  std::vector<Slot> slots_;  // results by seq % window_
  uint64_t submitted_ = 0;
  uint64_t sunk_ = 0;
  size_t pending_bytes_ = 0;
  bool finished_ = false;
  bool stopped_ = false;

  std::vector<std::thread> workers_;
  std::thread sink_thread_;
};

}  // namespace quotes

#endif  // CLI_PIPELINE_H_
