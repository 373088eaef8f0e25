// The seed's base interface: every service says who it is.
namespace cpp example

struct version_struct {
  1: i32 major,
  2: i32 minor,
  3: i32 patch,
}

// ping's argument and result: a number, a text and an arbitrary payload
// (the payload is what the large-message tests fill).
struct test_struct {
  1: i64 id,
  2: string text,
  3: binary payload,
}

// A timer, as returned by timer.start().
typedef i64 timer_id

// A CLOCK_MONOTONIC instant.
struct timestamp {
  1: i64 sec,
  2: i64 nsec,
}

exception divide_by_zero {
  1: string message,
}

service example {
    string name(),
    version_struct version(),
}
