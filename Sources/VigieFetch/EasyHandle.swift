import CCurl
import CCurlShims
import Foundation

/// The owner of one libcurl easy handle (`CURL*`) and of everything its transfer writes into: body, headers,
/// error buffer, request header list. Freed in `deinit`; the pointer never leaves this type and ``MultiHandle``.
///
/// Callbacks find this object through the `Unmanaged` user-data pointer set on the handle; the object outlives its
/// transfer because ``MultiFetcher`` keeps it in its table of active transfers.
final class EasyHandle {
    /// The raw handle, for ``MultiHandle`` only.
    let pointer: UnsafeMutableRawPointer
    /// The request being served.
    let request: FetchRequest
    /// The host key this transfer counts against (scheme://host:port).
    let hostKey: String
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let maxBody: Int

    /// The decompressed body received so far.
    private(set) var body: [UInt8] = []
    /// Set when the body went past ``FetchOptions/maxBody`` and the transfer was stopped.
    private(set) var bodyTooLarge = false
    /// The responses' headers.
    private(set) var headers = ResponseHeaders()
    /// Set when a response had more header lines than ``maxHeaderLines``.
    private(set) var tooManyHeaders = false

    /// The most header lines accepted in one response; a server that sends more is cut off.
    static let maxHeaderLines = 1000

    /// Creates and configures a handle for `request`, or throws when libcurl refuses an option (a malformed URL).
    init(request: FetchRequest, options: FetchOptions, hostKey: String) throws(FetchError) {
        guard let pointer = curl_easy_init() else {
            throw FetchError(code: .transport, url: request.url, reason: "libcurl could not create a handle")
        }
        self.pointer = pointer
        self.request = request
        self.hostKey = hostKey
        self.maxBody = options.maxBody
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        try configure(options)
    }

    deinit {
        curl_easy_cleanup(pointer)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// libcurl's detailed message for the last failure, if it wrote one.
    var errorMessage: String? {
        let message = String(cString: errorBuffer).trimmingCharacters(in: .whitespacesAndNewlines)
        return message.isEmpty ? nil : message
    }

    // MARK: - Typed setters over the C shim

    private func set(_ option: CURLoption, _ value: Int) throws(FetchError) {
        try check(vigie_easy_setopt_long(pointer, option, value), option)
    }

    private func set(_ option: CURLoption, _ value: String) throws(FetchError) {
        // libcurl copies string options (since 7.17), so the temporary C string may go.
        try check(vigie_easy_setopt_string(pointer, option, value), option)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(FetchError) {
        guard code != CURLE_OK else { return }
        let reason = String(cString: curl_easy_strerror(code))
        throw FetchError(
            code: code == CURLE_URL_MALFORMAT ? .badURL : .transport, url: request.url,
            reason: "libcurl refused option \(option.rawValue): \(reason)", curlCode: Int(code.rawValue))
    }

    private func configure(_ options: FetchOptions) throws(FetchError) {
        let isFile = request.url.lowercased().hasPrefix("file:")
        try set(CURLOPT_URL, request.url)
        // Only http and https, for the request and every redirect; a file: URL only as the configured URL itself.
        try set(CURLOPT_PROTOCOLS_STR, isFile ? "file" : "http,https")
        try set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_FOLLOWLOCATION, 1)
        try set(CURLOPT_MAXREDIRS, options.maxRedirects)
        // Every encoding this libcurl supports (gzip, deflate, br, zstd here), decoded before the write callback.
        try set(CURLOPT_ACCEPT_ENCODING, "")
        try set(CURLOPT_USERAGENT, request.userAgent ?? options.userAgent)
        try set(CURLOPT_CONNECTTIMEOUT_MS, Int(options.connectTimeout * 1000))
        try set(CURLOPT_TIMEOUT_MS, Int(options.timeout * 1000))
        try set(CURLOPT_LOW_SPEED_LIMIT, options.lowSpeedLimit)
        try set(CURLOPT_LOW_SPEED_TIME, options.lowSpeedTime)
        try check(
            vigie_easy_setopt_offset(pointer, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(options.maxBody)),
            CURLOPT_MAXFILESIZE_LARGE)
        try set(CURLOPT_NOSIGNAL, 1)
        // No CURLOPT_PIPEWAIT: it makes new transfers wait for a busy HTTP/1.1 connection to a host instead of
        // opening their own, so one server that never answers would hold up every other feed on that host.
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile = options.caFile { try set(CURLOPT_CAINFO, caFile) }
        try check(vigie_easy_setopt_pointer(pointer, CURLOPT_ERRORBUFFER, errorBuffer), CURLOPT_ERRORBUFFER)

        var lines = [
            "Accept: application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
                + "text/xml;q=0.8, */*;q=0.5"
        ]
        if let etag = request.etag { lines.append("If-None-Match: \(etag)") }
        if let lastModified = request.lastModified { lines.append("If-Modified-Since: \(lastModified)") }
        lines.append(contentsOf: request.headers.map { "\($0.0): \($0.1)" })
        for line in lines { headerList = curl_slist_append(headerList, line) }
        try check(vigie_easy_setopt_slist(pointer, CURLOPT_HTTPHEADER, headerList), CURLOPT_HTTPHEADER)

        let this = Unmanaged.passUnretained(self).toOpaque()
        try check(vigie_easy_setopt_write_callback(pointer, Self.writeCallback), CURLOPT_WRITEFUNCTION)
        try check(vigie_easy_setopt_pointer(pointer, CURLOPT_WRITEDATA, this), CURLOPT_WRITEDATA)
        try check(vigie_easy_setopt_header_callback(pointer, Self.headerCallback), CURLOPT_HEADERFUNCTION)
        try check(vigie_easy_setopt_pointer(pointer, CURLOPT_HEADERDATA, this), CURLOPT_HEADERDATA)
    }

    // MARK: - Callbacks

    private static let writeCallback:
        @convention(c) (
            UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?
        ) -> Int = { data, size, count, user in
            guard let data, let user else { return 0 }
            let handle = Unmanaged<EasyHandle>.fromOpaque(user).takeUnretainedValue()
            let length = size * count
            // The limit is on the decompressed size, enforced while streaming: a bomb stops here, unbuffered.
            guard handle.body.count + length <= handle.maxBody else {
                handle.bodyTooLarge = true
                return 0
            }
            data.withMemoryRebound(to: UInt8.self, capacity: length) {
                handle.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
            }
            return length
        }

    private static let headerCallback:
        @convention(c) (
            UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?
        ) -> Int = { data, size, count, user in
            guard let data, let user else { return 0 }
            let handle = Unmanaged<EasyHandle>.fromOpaque(user).takeUnretainedValue()
            let length = size * count
            data.withMemoryRebound(to: UInt8.self, capacity: length) {
                handle.headers.take(UnsafeBufferPointer(start: $0, count: length))
            }
            if handle.headers.lineCount > maxHeaderLines {
                handle.tooManyHeaders = true
                return 0
            }
            return length
        }

    // MARK: - Information after the transfer

    /// A `long` piece of information about the finished transfer.
    func info(_ item: CURLINFO) -> Int {
        var value = 0
        _ = vigie_easy_getinfo_long(pointer, item, &value)
        return value
    }

    /// A `curl_off_t` piece of information (sizes, times in microseconds).
    func offsetInfo(_ item: CURLINFO) -> Int64 {
        var value: curl_off_t = 0
        _ = vigie_easy_getinfo_offset(pointer, item, &value)
        return Int64(value)
    }

    /// A string piece of information.
    func stringInfo(_ item: CURLINFO) -> String? {
        var value: UnsafePointer<CChar>?
        _ = vigie_easy_getinfo_string(pointer, item, &value)
        return value.map { String(cString: $0) }
    }

    /// The phase timings of the finished transfer.
    var timings: FetchTimings {
        func seconds(_ item: CURLINFO) -> Double { Double(offsetInfo(item)) / 1_000_000 }
        return FetchTimings(
            dns: seconds(CURLINFO_NAMELOOKUP_TIME_T), connect: seconds(CURLINFO_CONNECT_TIME_T),
            tls: seconds(CURLINFO_APPCONNECT_TIME_T), firstByte: seconds(CURLINFO_STARTTRANSFER_TIME_T),
            total: seconds(CURLINFO_TOTAL_TIME_T))
    }
}
