#pragma once

#include "config/workspace.h"
#include "engine/transfer_preview.h"

#include <QObject>

#include <memory>

namespace ferry::ui {

// Computes a transfer's dry-run plan (TransferPreview: modes, windows, estimates, what a full refresh replaces) on a
// pool thread: it connects to the source and the destination, which may take seconds or time out. A newer request,
// or cancel(), drops the older one's result; nothing is written anywhere.
class PlanPreviewer : public QObject
{
    Q_OBJECT

public:
    explicit PlanPreviewer(QObject *parent = nullptr);

    void preview(std::shared_ptr<StateDatabase> state, const Workspace &workspace, const TransferRequest &request);
    void cancel();
    bool isBusy() const { return m_busy; }

Q_SIGNALS:
    void ready(const ferry::TransferPreview &preview);
    void failed(const ferry::Error &error);

private:
    quint64 m_generation = 0;
    bool m_busy = false;
};

} // namespace ferry::ui
