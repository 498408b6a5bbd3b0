import CGSLOpenBLAS

/// Errors raised by the numerics layer: shape mismatches, non-finite input and failed
/// factorizations. Messages say what was wrong and what to do.
public enum NumericError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Two operands whose shapes do not fit together.
    case shapeMismatch(operation: String, expected: String, got: String)
    /// A matrix or vector held NaN or ±∞ at the given position.
    case nonFinite(operation: String, row: Int, column: Int)
    /// A matrix that should be symmetric positive definite stayed indefinite even with the
    /// largest diagonal jitter tried.
    case notPositiveDefinite(size: Int, largestJitter: Double)
    /// A GSL routine returned a non-zero status.
    case gsl(status: Int32, function: String)
    /// An argument outside the documented range.
    case invalidArgument(name: String, value: String, expected: String)

    public var description: String {
        switch self {
        case let .shapeMismatch(operation, expected, got):
            return "\(operation): shapes do not fit; expected \(expected), got \(got)."
        case let .nonFinite(operation, row, column):
            return
                "\(operation): the input holds a NaN or infinite value at row \(row), column \(column); "
                + "impute or drop non-finite values first."
        case let .notPositiveDefinite(size, largestJitter):
            return "Cholesky: the \(size)×\(size) matrix is not positive definite even with jitter "
                + "\(largestJitter) on its diagonal; check the kernel for duplicate or degenerate inputs."
        case let .gsl(status, function):
            let reason = String(cString: gsl_strerror(status))
            return "\(function) failed with GSL status \(status) (\(reason))."
        case let .invalidArgument(name, value, expected):
            return "\(name) must be \(expected); got \(value)."
        }
    }
}

/// Throws ``NumericError/gsl(status:function:)`` when a GSL call did not return `GSL_SUCCESS`.
@inline(__always)
func checkGSL(_ status: Int32, in function: String) throws(NumericError) {
    if status != 0 { throw NumericError.gsl(status: status, function: function) }  // 0: GSL_SUCCESS
}
