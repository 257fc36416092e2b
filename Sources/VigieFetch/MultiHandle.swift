import CCurl
import CCurlShims

/// The owner of one libcurl multi handle (`CURLM*`): the event loop's engine. Freed in `deinit`.
///
/// All methods but ``wakeUp()`` must be called from the thread running the loop; ``wakeUp()`` may be called from any
/// thread (libcurl documents `curl_multi_wakeup` as thread-safe).
final class MultiHandle: @unchecked Sendable {
    private let pointer: UnsafeMutableRawPointer

    /// Creates a multi handle; libcurl is initialised once per process first.
    init() {
        _ = Self.globalInit
        pointer = curl_multi_init()
        // Prefer HTTP/2 multiplexing where the server offers it (libcurl's default since 7.62, set for clarity).
        _ = vigie_multi_setopt_long(pointer, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
    }

    deinit {
        curl_multi_cleanup(pointer)
    }

    private static let globalInit: Void = {
        curl_global_init(Int(CURL_GLOBAL_ALL))
    }()

    /// Caps the connections kept open for reuse.
    func setMaxConnectionCache(_ count: Int) {
        _ = vigie_multi_setopt_long(pointer, CURLMOPT_MAXCONNECTS, count)
    }

    /// Starts driving `easy`'s transfer.
    func add(_ easy: EasyHandle) -> Bool {
        curl_multi_add_handle(pointer, easy.pointer) == CURLM_OK
    }

    /// Stops driving `easy`'s transfer (finished or not).
    func remove(_ easy: EasyHandle) {
        curl_multi_remove_handle(pointer, easy.pointer)
    }

    /// Lets libcurl do whatever I/O is ready; returns how many transfers are still running.
    func perform() -> Int {
        var running: Int32 = 0
        curl_multi_perform(pointer, &running)
        return Int(running)
    }

    /// Waits until a socket is ready, a timer expires, ``wakeUp()`` is called, or `milliseconds` pass.
    func poll(milliseconds: Int) {
        var ready: Int32 = 0
        curl_multi_poll(pointer, nil, 0, Int32(clamping: milliseconds), &ready)
    }

    /// Interrupts a ``poll(milliseconds:)`` in progress, from any thread.
    func wakeUp() {
        curl_multi_wakeup(pointer)
    }

    /// The next finished transfer: its easy handle pointer and libcurl's result, or `nil` when there is none.
    func nextFinished() -> (UnsafeMutableRawPointer, CURLcode)? {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(pointer, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            return (easy, message.pointee.data.result)
        }
        return nil
    }
}
