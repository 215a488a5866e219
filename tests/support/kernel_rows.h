#pragma once

#include "consensus/crypto/header_hash_kernels.h"

#include <QTest>

#include <string>

namespace mbc::test {

// A data column "kernel" with one row per header kernel this CPU runs (portable always).
inline void addKernelRows() {
    QTest::addColumn<HeaderHashKernel>("kernel");
    for (HeaderHashKernel k : kAllKernels)
        if (kernelSupported(k))
            QTest::newRow(std::string(kernelName(k)).c_str()) << k;
        else
            qWarning("kernel %s is not tested: this CPU cannot run it",
                     std::string(kernelName(k)).c_str());
}

} // namespace mbc::test
