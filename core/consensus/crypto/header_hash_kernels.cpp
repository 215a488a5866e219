#include "consensus/crypto/header_hash_kernels.h"

#if defined(__x86_64__)
#include <cpuid.h>
#endif

namespace mbc {
namespace {

bool cpuHasShaNi() {
#if defined(__x86_64__)
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (!__get_cpuid(1, &a, &b, &c, &d))
        return false;
    const bool ssse3 = (c & (1u << 9)) != 0, sse41 = (c & (1u << 19)) != 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
        return false;
    const bool sha = (b & (1u << 29)) != 0;
    return ssse3 && sse41 && sha;
#else
    return false;
#endif
}

} // namespace

bool kernelSupported(HeaderHashKernel kernel) {
    static const bool shaNi = cpuHasShaNi();
    return kernel != HeaderHashKernel::ShaNi || shaNi;
}

HeaderHashKernel fastestSupportedKernel() {
    return kernelSupported(HeaderHashKernel::ShaNi) ? HeaderHashKernel::ShaNi
                                                    : HeaderHashKernel::OpenSsl;
}

HashPairFunction kernelFunction(HeaderHashKernel kernel) {
    switch (kernel) {
    case HeaderHashKernel::ShaNi:
#if defined(__x86_64__)
        if (kernelSupported(kernel))
            return &hashPairShaNi;
#endif
        return &hashPairPortable;
    case HeaderHashKernel::OpenSsl:
        return &hashPairOpenSsl;
    case HeaderHashKernel::Portable:
        break;
    }
    return &hashPairPortable;
}

std::string_view kernelName(HeaderHashKernel kernel) {
    switch (kernel) {
    case HeaderHashKernel::ShaNi:
        return "sha-ni";
    case HeaderHashKernel::OpenSsl:
        return "openssl";
    case HeaderHashKernel::Portable:
        break;
    }
    return "portable";
}

std::optional<HeaderHashKernel> kernelFromName(std::string_view name) {
    for (HeaderHashKernel k : kAllKernels)
        if (kernelName(k) == name)
            return k;
    return std::nullopt;
}

} // namespace mbc
