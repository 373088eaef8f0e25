include "example.thrift"
namespace cpp example

// start() makes a periodic timer; each tick() waits for the timer's next
// expiry and returns the CLOCK_MONOTONIC time the server read just before
// answering; stop() ends the timer (a tick() waiting on it returns at once).
service timer extends example.example {
    example.timer_id start(1: i64 interval_us),
    void stop(1: example.timer_id id),
    example.timestamp tick(1: example.timer_id id)
}
