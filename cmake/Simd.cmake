# A portable baseline instead of -march=native: binaries built here run on any x86-64-v3 CPU
# (Haswell and later). Enabled only when the build machine itself supports it, so a build never
# produces a binary that cannot run where it was built.
if(AE_PORTABLE_SIMD AND CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
    include(CheckCXXSourceRuns)
    set(CMAKE_REQUIRED_FLAGS "-march=x86-64-v3")
    check_cxx_source_runs("
        #include <immintrin.h>
        int main() { __m256 a = _mm256_set1_ps(1.f); a = _mm256_fmadd_ps(a, a, a);
                     return _mm256_cvtss_f32(a) == 2.f ? 0 : 1; }" AE_HAVE_X86_64_V3)
    unset(CMAKE_REQUIRED_FLAGS)
    if(AE_HAVE_X86_64_V3)
        add_compile_options(-march=x86-64-v3)
    endif()
endif()
