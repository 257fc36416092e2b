// vigie-signal-helper: a process that listens to the daemon's signals with SignalEvents and reports each request on
// standard output, one line each ("reload", "reopen-log", "stop"; "on-stop" from the stop handler), for
// SignalStartupTests. With `--wait`, it first reads one line from standard input before it starts listening, so
// the test can send signals before the registration. "listening" is printed once SignalEvents exists; it exits 0
// after a stop.
import Foundation
import VigieSystemd

func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

if CommandLine.arguments.contains("--wait") { _ = readLine() }
let stopHandled = DispatchSemaphore(value: 0)
let events = SignalEvents(onStop: {
    say("on-stop")
    stopHandled.signal()
})
say("listening")
while true {
    events.wait(seconds: 1)
    for request in events.take() {
        switch request {
        case .reload: say("reload")
        case .reopenLog: say("reopen-log")
        case .stop:
            say("stop")
            _ = stopHandled.wait(timeout: .now() + 5)
            exit(0)
        }
    }
}
