/**
 * The CUDA backend: {@link org.jfsac.gpu.cuda.CudaBackend} implements the whole
 * {@link org.jfsac.core.backend.Backend} contract through JCuda's driver API, and
 * {@link org.jfsac.gpu.cuda.CudaProvider} offers it to {@code Devices} (kind {@code cuda}, tried before
 * OpenCL by {@code --device auto}).
 *
 * <h2>What runs where</h2>
 * <ul>
 *   <li>Kernels: the shared sources of {@code src/main/kernels} (the same files the OpenCL backend builds)
 *       and the CUDA-only GEMM kernels of {@code src/main/cuda}, compiled to PTX at build time where nvcc is
 *       on the PATH (else the committed nvcc output in {@code cuda-kernels/generated/ptx} is used), packaged
 *       under {@code org/jfsac/gpu/cuda/ptx/} and loaded with {@code cuModuleLoadData}. The PTX declares
 *       ISA 8.0, so every CUDA 12 or newer driver can JIT it (cuda-kernels/build-ptx.sh).</li>
 *   <li>GEMM: cuBLAS ({@code cublasSgemmStridedBatched}) where JCublas finds {@code libcublas.so.12},
 *       otherwise our tiled SGEMM kernel; {@link org.jfsac.gpu.cuda.CudaBackend#describe()} and the
 *       startup log say which, and why.</li>
 *   <li>Memory: one caching allocator per backend (no {@code cuMemAlloc} in steady state), one in-order
 *       stream, the device's primary context.</li>
 * </ul>
 *
 * <h2>Options (system properties, read when the provider opens a device)</h2>
 * <ul>
 *   <li>{@code -Djfsac.cuda.gemm=auto|cublas|tiled}: GEMM implementation (default auto).</li>
 *   <li>{@code -Djfsac.cuda.tf32=true}: let cuBLAS use TF32 tensor cores for float32 GEMM (off by default:
 *       about 1e-3 relative error instead of float32's 1e-7).</li>
 *   <li>{@code -Djfsac.cuda.fp16=true}: inference option; GEMM operands (weights and activations) rounded
 *       to float16 and multiplied on tensor cores with float32 accumulation (cuBLAS GemmEx, or our WMMA
 *       kernel). Error against float32 at most 2 * 2^-11 of sum |a||b| per output (CudaGemmTest reports
 *       the measured value; CudaBench the embeddings' relative error).</li>
 *   <li>{@code -Djfsac.cuda.syncLaunch=true}: synchronise after every launch, so that a fault inside a
 *       kernel is reported by the launch that caused it.</li>
 * </ul>
 *
 * <h2>Failure</h2>
 * No driver, no device, PTX the driver rejects, or out of memory give a one-line
 * {@link org.jfsac.core.backend.BackendException}; the provider's probe never throws (JCuda's
 * {@code UnsatisfiedLinkError} is caught once), so {@code --device auto} falls back to the next backend.
 */
package org.jfsac.gpu.cuda;
