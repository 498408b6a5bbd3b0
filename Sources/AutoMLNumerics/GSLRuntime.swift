import CGSLOpenBLAS

/// Process-wide set-up of the C libraries, done once before the first call into them.
///
/// GSL's default error handler calls `abort()`; we switch it off so every failure comes back
/// as a status code that ``checkGSL(_:in:)`` turns into a ``NumericError``. The handler is
/// process-global, so it is set exactly once (Swift initializes a global `let` lazily and
/// thread-safely).
enum GSLRuntime {
    static let prepared: Bool = {
        gsl_set_error_handler_off()
        return true
    }()

    /// Call at every entry point that reaches GSL.
    @inline(__always)
    static func prepare() { _ = prepared }
}

/// Controls the OpenBLAS thread pool.
///
/// When several trials run in parallel each should use one BLAS thread, otherwise the workers
/// and the BLAS pool compete for the same two cores.
public enum BLASThreads {
    /// The number of threads OpenBLAS uses for one call.
    public static var count: Int { Int(openblas_get_num_threads()) }

    /// Sets the number of OpenBLAS threads (at least 1).
    public static func set(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }
}
