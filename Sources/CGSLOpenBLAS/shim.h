#ifndef AUTOML_CGSLOPENBLAS_SHIM_H
#define AUTOML_CGSLOPENBLAS_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_cblas.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_sf_erf.h>
#include <gsl/gsl_sf_log.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>

/* OpenBLAS extras; its cblas.h cannot be included next to gsl_cblas.h (both define the enums). */
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);

/* GSL exposes its generator and minimizer types as mutable globals, which Swift 6 rejects as
   shared mutable state; these accessors hand them out as values. */
static inline const gsl_qrng_type *cgsl_qrng_sobol(void) { return gsl_qrng_sobol; }
static inline const gsl_qrng_type *cgsl_qrng_halton(void) { return gsl_qrng_halton; }
static inline const gsl_multimin_fdfminimizer_type *cgsl_multimin_bfgs2(void) {
    return gsl_multimin_fdfminimizer_vector_bfgs2;
}
static inline const gsl_multimin_fminimizer_type *cgsl_multimin_nmsimplex2(void) {
    return gsl_multimin_fminimizer_nmsimplex2;
}
static inline unsigned int cgsl_qrng_max_dimension(const gsl_qrng_type *type) {
    return type->max_dimension;
}

/* e^x over an array with AVX2 + FMA, four lanes at a time; the same method as the portable
   SIMD path in AutoMLNumerics (VectorMath+Exponential.swift): k = round(x / ln 2) through the
   1.5·2^52 trick, Cody–Waite reduction, e^r = 1 + (r + r²·Q(r)) with Q the degree-10 Taylor
   tail by Estrin's scheme, 2^k in the exponent bits. Lanes outside [-708, 709] (and NaN) use
   libm's exp. The function carries its own target attribute, so the module stays baseline
   x86-64; call it only when automl_cpu_has_avx2_fma() says so. */
#if defined(__x86_64__) && defined(__clang__)
#include <immintrin.h>
#include <math.h>

static inline int automl_cpu_has_avx2_fma(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

__attribute__((target("avx2,fma")))
static inline __m256d automl_exp4_avx2(__m256d x) {
    const __m256d magic = _mm256_set1_pd(6755399441055744.0);
    const __m256d t = _mm256_fmadd_pd(x, _mm256_set1_pd(1.4426950408889634), magic);
    const __m256d k = _mm256_sub_pd(t, magic);
    __m256d r = _mm256_fnmadd_pd(k, _mm256_set1_pd(6.9314718036912382e-01), x);
    r = _mm256_fnmadd_pd(k, _mm256_set1_pd(1.9082149292705877e-10), r);
    const __m256d r2 = _mm256_mul_pd(r, r);
    const __m256d r4 = _mm256_mul_pd(r2, r2);
    const __m256d r8 = _mm256_mul_pd(r4, r4);
    const __m256d a0 = _mm256_fmadd_pd(r, _mm256_set1_pd(1.6666666666666666e-1), _mm256_set1_pd(0.5));
    const __m256d a1 = _mm256_fmadd_pd(r, _mm256_set1_pd(8.3333333333333333e-3), _mm256_set1_pd(4.1666666666666666e-2));
    const __m256d a2 = _mm256_fmadd_pd(r, _mm256_set1_pd(1.9841269841269841e-4), _mm256_set1_pd(1.3888888888888889e-3));
    const __m256d a3 = _mm256_fmadd_pd(r, _mm256_set1_pd(2.7557319223985891e-6), _mm256_set1_pd(2.4801587301587302e-5));
    const __m256d a4 = _mm256_fmadd_pd(r, _mm256_set1_pd(2.5052108385441719e-8), _mm256_set1_pd(2.7557319223985891e-7));
    const __m256d a5 = _mm256_set1_pd(2.0876756987868099e-9);
    const __m256d b0 = _mm256_fmadd_pd(r2, a1, a0);
    const __m256d b1 = _mm256_fmadd_pd(r2, a3, a2);
    const __m256d b2 = _mm256_fmadd_pd(r2, a5, a4);
    const __m256d q = _mm256_fmadd_pd(r8, b2, _mm256_fmadd_pd(r4, b1, b0));
    const __m256d p = _mm256_add_pd(_mm256_set1_pd(1.0), _mm256_fmadd_pd(r2, q, r));
    const __m256i bits = _mm256_sub_epi64(_mm256_castpd_si256(t), _mm256_castpd_si256(magic));
    const __m256i scale = _mm256_slli_epi64(_mm256_add_epi64(bits, _mm256_set1_epi64x(1023)), 52);
    return _mm256_mul_pd(p, _mm256_castsi256_pd(scale));
}

__attribute__((target("avx2,fma")))
static inline void automl_exp_avx2(double *x, long count) {
    const __m256d low = _mm256_set1_pd(-708.0);
    const __m256d high = _mm256_set1_pd(709.0);
    long i = 0;
    for (; i + 4 <= count; i += 4) {
        const __m256d v = _mm256_loadu_pd(x + i);
        const __m256d inside = _mm256_and_pd(_mm256_cmp_pd(v, low, _CMP_GE_OQ), _mm256_cmp_pd(v, high, _CMP_LE_OQ));
        if (_mm256_movemask_pd(inside) != 0xF) {
            for (long l = 0; l < 4; l++) x[i + l] = exp(x[i + l]);
        } else {
            _mm256_storeu_pd(x + i, automl_exp4_avx2(v));
        }
    }
    if (i < count) {
        /* The tail is padded to a full vector, so a value's result does not depend on its position. */
        double lanes[4] = {0, 0, 0, 0};
        const long width = count - i;
        for (long l = 0; l < width; l++) lanes[l] = x[i + l];
        const __m256d v = _mm256_loadu_pd(lanes);
        const __m256d inside = _mm256_and_pd(_mm256_cmp_pd(v, low, _CMP_GE_OQ), _mm256_cmp_pd(v, high, _CMP_LE_OQ));
        if (_mm256_movemask_pd(inside) != 0xF) {
            for (long l = 0; l < width; l++) x[i + l] = exp(x[i + l]);
        } else {
            _mm256_storeu_pd(lanes, automl_exp4_avx2(v));
            for (long l = 0; l < width; l++) x[i + l] = lanes[l];
        }
    }
}

/* Euclidean distances from one point (dim coordinates) to count points stored coordinate-major
   (coordinate j of point b at columns[j * stride + b]), four points per instruction. The sum
   runs over j in order with a separate multiply and add (no fused multiply-add), and the
   square root is IEEE's, so every lane equals the scalar loop's result to the bit. */
__attribute__((target("avx2")))
static inline void automl_distances_avx2(const double *point, const double *columns, long stride,
                                         long count, long dim, double *out) {
    long b = 0;
    for (; b + 4 <= count; b += 4) {
        __m256d sum = _mm256_setzero_pd();
        for (long j = 0; j < dim; j++) {
            const __m256d delta = _mm256_sub_pd(_mm256_set1_pd(point[j]), _mm256_loadu_pd(columns + j * stride + b));
            sum = _mm256_add_pd(sum, _mm256_mul_pd(delta, delta));
        }
        _mm256_storeu_pd(out + b, _mm256_sqrt_pd(sum));
    }
    for (; b < count; b++) {
        double sum = 0;
        for (long j = 0; j < dim; j++) {
            const double delta = point[j] - columns[j * stride + b];
            const double square = delta * delta;
            sum = sum + square;
        }
        out[b] = sqrt(sum);
    }
}

/* For each coordinate j < dim: sums[j] += sum over b < count of
   weights[b] * (point[j] - columns[j * stride + b])^2, four points per instruction (the
   coordinate-major layout of automl_distances_avx2). The gradient of a kernel's log marginal
   likelihood in its log lengthscales is this sum over the rows of the kernel matrix. */
__attribute__((target("avx2,fma")))
static inline void automl_weighted_squared_differences_avx2(const double *point, const double *columns,
                                                           long stride, long count, long dim,
                                                           const double *weights, double *sums) {
    for (long j = 0; j < dim; j++) {
        const double *column = columns + j * stride;
        const __m256d x = _mm256_set1_pd(point[j]);
        __m256d acc = _mm256_setzero_pd();
        long b = 0;
        for (; b + 4 <= count; b += 4) {
            const __m256d delta = _mm256_sub_pd(x, _mm256_loadu_pd(column + b));
            acc = _mm256_fmadd_pd(_mm256_mul_pd(delta, delta), _mm256_loadu_pd(weights + b), acc);
        }
        double lanes[4];
        _mm256_storeu_pd(lanes, acc);
        double total = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
        for (; b < count; b++) {
            const double delta = point[j] - column[b];
            total += weights[b] * delta * delta;
        }
        sums[j] += total;
    }
}
#else
static inline int automl_cpu_has_avx2_fma(void) { return 0; }
static inline void automl_exp_avx2(double *x, long count) { (void)x; (void)count; }
static inline void automl_distances_avx2(const double *point, const double *columns, long stride,
                                         long count, long dim, double *out) {
    (void)point; (void)columns; (void)stride; (void)count; (void)dim; (void)out;
}
static inline void automl_weighted_squared_differences_avx2(const double *point, const double *columns,
                                                           long stride, long count, long dim,
                                                           const double *weights, double *sums) {
    (void)point; (void)columns; (void)stride; (void)count; (void)dim; (void)weights; (void)sums;
}
#endif

#endif
