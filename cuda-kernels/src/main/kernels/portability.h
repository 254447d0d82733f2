/*
 * Portability layer: every kernel file in this folder is written once against these macros and compiles
 * both as OpenCL C 1.2 (the OpenCL backend prepends this header to the source text) and as CUDA C++
 * (nvcc -x cu, the file #includes this header). Nothing dialect-specific may appear outside this file.
 *
 * Launch convention, identical for both APIs: a kernel is launched on a grid of GROUPS x LOCAL work-items
 * per dimension. OpenCL: global_work_size[d] = groups[d] * local[d]; CUDA: gridDim = groups, blockDim = local.
 * Kernels never use OpenCL global offsets. Arguments are plain pointers plus element offsets, ints and floats.
 */
#ifndef JFSAC_PORTABILITY_H
#define JFSAC_PORTABILITY_H

#if defined(__OPENCL_VERSION__) || defined(__OPENCL_C_VERSION__)

#define KERNEL          __kernel
#define GLOBAL          __global
#define CONSTANT        __constant          /* small read-only metadata arrays (shapes, strides) */
#define SHARED          __local             /* declares a work-group array: SHARED float tile[64]; */
#define SHARED_PTR      __local             /* qualifies a pointer to such an array in a helper's parameters */
#define DEVICE          static inline
#define RESTRICT        restrict

#define LOCAL_ID(d)     ((int)get_local_id(d))
#define GROUP_ID(d)     ((int)get_group_id(d))
#define LOCAL_SIZE(d)   ((int)get_local_size(d))
#define NUM_GROUPS(d)   ((int)get_num_groups(d))
#define GLOBAL_ID(d)    ((int)get_global_id(d))
#define GLOBAL_SIZE(d)  ((int)get_global_size(d))
#define BARRIER()       barrier(CLK_LOCAL_MEM_FENCE)

#ifdef JF_CPU_DEVICE
#define EXPF(x)         jf_cpu_expf(x)      /* defined below: PoCL's exp does not vectorise */
#else
#define EXPF(x)         exp(x)
#endif
#define LOGF(x)         log(x)
#define SQRTF(x)        sqrt(x)
#define TANHF(x)        tanh(x)
#define POWF(x, y)      pow(x, y)
#define FABSF(x)        fabs(x)
#define ISNAN(x)        isnan(x)
#define F_INF           INFINITY
#define F_NAN           NAN

#elif defined(__CUDACC__)

#define KERNEL          extern "C" __global__
#define GLOBAL
#define CONSTANT        const
#define SHARED          __shared__
#define SHARED_PTR
#define DEVICE          static __device__ __forceinline__
#define RESTRICT        __restrict__

#define JF_DIM3(v, d)   ((int)((d) == 0 ? (v).x : (d) == 1 ? (v).y : (v).z))
#define LOCAL_ID(d)     JF_DIM3(threadIdx, d)
#define GROUP_ID(d)     JF_DIM3(blockIdx, d)
#define LOCAL_SIZE(d)   JF_DIM3(blockDim, d)
#define NUM_GROUPS(d)   JF_DIM3(gridDim, d)
#define GLOBAL_ID(d)    (GROUP_ID(d) * LOCAL_SIZE(d) + LOCAL_ID(d))
#define GLOBAL_SIZE(d)  (NUM_GROUPS(d) * LOCAL_SIZE(d))
#define BARRIER()       __syncthreads()

#define EXPF(x)         expf(x)
#define LOGF(x)         logf(x)
#define SQRTF(x)        sqrtf(x)
#define TANHF(x)        tanhf(x)
#define POWF(x, y)      powf(x, y)
#define FABSF(x)        fabsf(x)
#define ISNAN(x)        isnan(x)
#define F_INF           __int_as_float(0x7f800000)
#define F_NAN           __int_as_float(0x7fffffff)

#else
#error "portability.h: compile as OpenCL C or with nvcc (-x cu)"
#endif

/* Largest rank of a strided view (shape/stride arrays have at most this many entries). */
#define MAX_RANK 8

/* Work-items per group suggested for the flat (elementwise, indexing, Adam) kernels on GPUs. */
#define FLAT_WG 256

/*
 * CPU OpenCL implementations (PoCL) run a work-group as a loop over its items and vectorise that loop;
 * a loop inside the kernel body defeats this. The OpenCL backend defines JF_CPU_DEVICE for CPU devices
 * (CUDA and GPU builds never do), and the two macros below then take their CPU form.
 *
 * FOR_EACH_ITEM(i, n) { body }: body for i in [0, n). GPUs: a grid-stride loop, so any number of groups
 * covers n. CPU devices: one element per item (i = global id, checked against n); the host then launches
 * ceil(n / local) groups.
 *
 * STRIDE_SYNC() ends one iteration of a loop whose trip count is the same for every item of the group
 * (a column walk). On CPU devices it is a barrier, which makes the group's item loop the inner one, so
 * each iteration handles neighbouring addresses in SIMD instead of one item walking its whole column.
 */
#ifdef JF_CPU_DEVICE
#define FOR_EACH_ITEM(i, n) for (int i = GLOBAL_ID(0), i##_end = (n); i < i##_end; i = i##_end)
#define STRIDE_SYNC() BARRIER()
#else
#define FOR_EACH_ITEM(i, n) for (int i = GLOBAL_ID(0); i < (n); i += GLOBAL_SIZE(0))
#define STRIDE_SYNC() ((void) 0)
#endif

/*
 * exp for OpenCL CPU devices. PoCL calls a scalar library exp per element, which stops the vectorisation
 * of the work-item loop and makes exp-heavy kernels (softmax, GELU) compute-bound. This one is branch-free
 * and vectorises: x = k ln2 + r with |r| <= ln2/2 (ln2 split in two so k ln2 is exact), Cephes' expf
 * polynomial for e^r (< 1 ulp on the reduced range), then 2^k applied in two halves so that results in
 * the denormal range and the overflow to +inf round correctly. Max error about 1 ulp over all floats,
 * +-inf and NaN handled (ElementwiseTest checks it against Math.exp in ulps). CUDA and GPUs keep exp/expf.
 */
#if defined(JF_CPU_DEVICE) && (defined(__OPENCL_VERSION__) || defined(__OPENCL_C_VERSION__))
/*
 * One body for the scalar (T = float) and the SIMD (T = floatv, below) form. Plain arithmetic only:
 * PoCL's fma/rint/fmin are library calls that would block vectorisation again. Scalar constants are
 * cast to T so that the ternaries also compile with vector conditions.
 */
#define JF_DEFINE_CPU_EXP(name, T, TO_INT, AS_FLOAT)                                                       \
DEVICE T name(T x) {                                                                                        \
    T xc = x < -104.0f ? (T) (-104.0f) : (x > 89.0f ? (T) 89.0f : x); /* beyond: the result is 0 or +inf */ \
    T k = (xc * 1.44269504088896341f + 12582912.0f) - 12582912.0f;    /* round to nearest: 1.5 * 2^23 */   \
    T r = (xc - k * 0.693359375f) - k * -2.12194440e-4f;              /* 0.693359375 has 10 bits: exact */ \
    T p = (T) 1.9875691500e-4f;                                                                             \
    p = p * r + 1.3981999507e-3f;                                                                           \
    p = p * r + 8.3334519073e-3f;                                                                           \
    p = p * r + 4.1665795894e-2f;                                                                           \
    p = p * r + 1.6666665459e-1f;                                                                           \
    p = p * r + 5.0000001201e-1f;                                                                           \
    T e = (p * (r * r) + r) + 1.0f;                                                                         \
    /* ki in [-150, 129]: each half stays a normal power of two */                                          \
    T y = e * AS_FLOAT(((TO_INT(k) >> 1) + 127) << 23) * AS_FLOAT((TO_INT(k) - (TO_INT(k) >> 1) + 127) << 23); \
    return x != x ? x : y;                                                                                  \
}

#define JF_TO_INT(v) ((int) (v))
JF_DEFINE_CPU_EXP(jf_cpu_expf, float, JF_TO_INT, as_float)

/*
 * Explicit SIMD for the one-item-per-row kernels on CPU devices (ROW_WG = 1). There the group loop has a
 * single item, so nothing vectorises unless the row loop does, and strict IEEE semantics stop LLVM from
 * vectorising a float reduction. Those kernels therefore walk a row JF_VW floats at a time in floatv
 * (a per-lane partial result, combined at the end; summation order then differs from the CPU reference
 * by rounding only) and finish the last cols % JF_VW elements in scalar code.
 */
#define JF_VW 8
typedef float8 floatv;
typedef int8 intv;
#define VLOAD(p, j)       vload8(0, (p) + (j))          /* JF_VW floats at p[j], any alignment */
#define VSTORE(v, p, j)   vstore8((v), 0, (p) + (j))
#define VSTOREI(v, p, j)  vstore8((v), 0, (p) + (j))    /* intv to ints */
#define VTO_FLOAT(v)      convert_float8(v)             /* intv to floatv, by value */
/* Wide form: one full 64-byte cache line (reduce_cols walks columns a line at a time). */
#define JF_WW 16
typedef float16 floatw;
typedef int16 intw;
#define WLOAD(p, j)       vload16(0, (p) + (j))
#define WSTORE(v, p, j)   vstore16((v), 0, (p) + (j))
#define WTO_FLOAT(v)      convert_float16(v)
#define VLANES            ((intv) (0, 1, 2, 3, 4, 5, 6, 7))
JF_DEFINE_CPU_EXP(jf_cpu_expv, floatv, convert_int8, as_float8)

DEVICE float vsum(floatv v) { return ((v.s0 + v.s1) + (v.s2 + v.s3)) + ((v.s4 + v.s5) + (v.s6 + v.s7)); }

/* Largest lane; NaN propagates. */
DEVICE float vmax(floatv v) {
    float m = v.s0, l[JF_VW];
    VSTORE(v, l, 0);
    for (int i = 1; i < JF_VW; i++) if (l[i] > m || l[i] != l[i]) m = l[i];
    return m;
}
#endif

#endif /* JFSAC_PORTABILITY_H */
