include "example.thrift"
namespace cpp example

service ping extends example.example {
    example.test_struct ping(1: example.test_struct arg),
    oneway void hello(1: string text)
}
