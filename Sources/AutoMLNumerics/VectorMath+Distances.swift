import CGSLOpenBLAS

extension VectorMath {
    /// The Euclidean distances from `point` (`dimension` coordinates) to `count` points stored
    /// coordinate-major — coordinate `j` of point `b` at `columns[j·stride + b]` — written to
    /// `out`.
    ///
    /// Kernel matrices spend most of their time here. Going one coordinate at a time over all
    /// points lets four points share each instruction (AVX2 when the CPU has it, chosen once
    /// at run time; a portable SIMD version otherwise). The sum runs over the coordinates in
    /// order with a separate multiply and add and the square root is IEEE's, so each distance
    /// equals the scalar loop's to the bit, whichever version runs.
    /// - Complexity: O(count·dimension).
    public static func distances(
        from point: UnsafePointer<Double>, toColumns columns: UnsafePointer<Double>, stride: Int,
        count: Int, dimension: Int, into out: UnsafeMutablePointer<Double>
    ) {
        if hasAVX2FMA {
            automl_distances_avx2(point, columns, stride, count, dimension, out)
        } else {
            portableDistances(
                from: point, toColumns: columns, stride: stride, count: count, dimension: dimension,
                into: out)
        }
    }

    /// The portable SIMD version of ``distances(from:toColumns:stride:count:dimension:into:)``.
    static func portableDistances(
        from point: UnsafePointer<Double>, toColumns columns: UnsafePointer<Double>, stride: Int,
        count: Int, dimension: Int, into out: UnsafeMutablePointer<Double>
    ) {
        var b = 0
        let raw = UnsafeRawPointer(columns)
        while b + 4 <= count {
            var sum = SIMD4<Double>(repeating: 0)
            for j in 0..<dimension {
                let column = raw.loadUnaligned(
                    fromByteOffset: (j * stride + b) * 8, as: SIMD4<Double>.self)
                let delta = SIMD4(repeating: point[j]) - column
                sum = sum + delta * delta
            }
            UnsafeMutableRawPointer(out).storeBytes(
                of: sum.squareRoot(), toByteOffset: b * 8, as: SIMD4<Double>.self)
            b += 4
        }
        while b < count {
            var sum = 0.0
            for j in 0..<dimension {
                let delta = point[j] - columns[j * stride + b]
                sum += delta * delta
            }
            out[b] = sum.squareRoot()
            b += 1
        }
    }
}

extension VectorMath {
    /// For each coordinate `j < dimension`, adds `Σ_b weights[b]·(point[j] − columns[j·stride + b])²`
    /// over the first `count` points of a coordinate-major block (the layout of
    /// ``distances(from:toColumns:stride:count:dimension:into:)``) to `sums[j]`.
    ///
    /// The gradient of a kernel's log marginal likelihood in its log lengthscales is this sum
    /// over the rows of the kernel matrix. Four points per instruction (AVX2 and FMA when the
    /// CPU has them, a portable SIMD version otherwise); the two versions may differ in the
    /// last bits, as any reordered sum.
    /// - Complexity: O(count·dimension).
    public static func addWeightedSquaredDifferences(
        from point: UnsafePointer<Double>, toColumns columns: UnsafePointer<Double>, stride: Int,
        count: Int, dimension: Int, weights: UnsafePointer<Double>,
        into sums: UnsafeMutablePointer<Double>
    ) {
        if hasAVX2FMA {
            automl_weighted_squared_differences_avx2(
                point, columns, stride, count, dimension, weights, sums)
        } else {
            portableAddWeightedSquaredDifferences(
                from: point, toColumns: columns, stride: stride, count: count, dimension: dimension,
                weights: weights, into: sums)
        }
    }

    /// The portable SIMD version of
    /// ``addWeightedSquaredDifferences(from:toColumns:stride:count:dimension:weights:into:)``.
    static func portableAddWeightedSquaredDifferences(
        from point: UnsafePointer<Double>, toColumns columns: UnsafePointer<Double>, stride: Int,
        count: Int, dimension: Int, weights: UnsafePointer<Double>,
        into sums: UnsafeMutablePointer<Double>
    ) {
        let raw = UnsafeRawPointer(columns)
        let rawWeights = UnsafeRawPointer(weights)
        for j in 0..<dimension {
            let x = SIMD4(repeating: point[j])
            var accumulator = SIMD4<Double>(repeating: 0)
            var b = 0
            while b + 4 <= count {
                let delta =
                    x
                    - raw.loadUnaligned(
                        fromByteOffset: (j * stride + b) * 8, as: SIMD4<Double>.self)
                accumulator +=
                    delta * delta
                    * rawWeights.loadUnaligned(fromByteOffset: b * 8, as: SIMD4<Double>.self)
                b += 4
            }
            var total = (accumulator[0] + accumulator[1]) + (accumulator[2] + accumulator[3])
            while b < count {
                let delta = point[j] - columns[j * stride + b]
                total += weights[b] * delta * delta
                b += 1
            }
            sums[j] += total
        }
    }
}
