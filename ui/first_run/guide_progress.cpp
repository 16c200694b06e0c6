#include "first_run/guide_progress.h"

namespace ferry::ui {

namespace {

// Settings keys: "source", "source.id", ... (one flat map, readable in the INI file).
QString stepKey(GuideStep step)
{
    static const char *const keys[] = {"source", "model", "product", "recipient", "destination", "transfer"};
    return QLatin1String(keys[int(step)]);
}

} // namespace

GuideProgress GuideProgress::fromSettings(const QVariantMap &map)
{
    GuideProgress progress;
    for (int i = 0; i < kGuideStepCount; ++i) {
        const QString key = stepKey(GuideStep(i));
        if (map.contains(key))
            progress.m_names.insert(i, map.value(key).toString());
        if (map.contains(key + QStringLiteral(".id")))
            progress.m_ids.insert(i, map.value(key + QStringLiteral(".id")).toString());
    }
    progress.m_previewTenant = map.value(QStringLiteral("previewTenant")).toString();
    progress.m_transferId = map.value(QStringLiteral("transfer.id")).toString();
    progress.m_transferSucceeded = map.value(QStringLiteral("transfer.succeeded")).toBool();
    return progress;
}

QVariantMap GuideProgress::toSettings() const
{
    QVariantMap map;
    for (auto it = m_names.cbegin(); it != m_names.cend(); ++it)
        map.insert(stepKey(GuideStep(it.key())), it.value());
    for (auto it = m_ids.cbegin(); it != m_ids.cend(); ++it)
        map.insert(stepKey(GuideStep(it.key())) + QStringLiteral(".id"), it.value());
    if (!m_previewTenant.isEmpty())
        map.insert(QStringLiteral("previewTenant"), m_previewTenant);
    if (!m_transferId.isEmpty()) {
        map.insert(QStringLiteral("transfer.id"), m_transferId);
        map.insert(QStringLiteral("transfer.succeeded"), m_transferSucceeded);
    }
    return map;
}

QString GuideProgress::title(GuideStep step)
{
    switch (step) {
    case GuideStep::Source: return QStringLiteral("Source");
    case GuideStep::Model: return QStringLiteral("Model");
    case GuideStep::Product: return QStringLiteral("Product");
    case GuideStep::Recipient: return QStringLiteral("Recipient");
    case GuideStep::Destination: return QStringLiteral("Destination");
    case GuideStep::FirstTransfer: return QStringLiteral("First transfer");
    }
    return {};
}

std::optional<ObjectKind> GuideProgress::kindOf(GuideStep step)
{
    switch (step) {
    case GuideStep::Source: return ObjectKind::Source;
    case GuideStep::Model: return ObjectKind::Model;
    case GuideStep::Product: return ObjectKind::Product;
    case GuideStep::Recipient: return ObjectKind::Recipient;
    case GuideStep::Destination: return ObjectKind::Destination;
    case GuideStep::FirstTransfer: return std::nullopt;
    }
    return std::nullopt;
}

void GuideProgress::setObject(GuideStep step, const QString &id, const QString &name)
{
    m_ids.insert(int(step), id);
    m_names.insert(int(step), name);
}

QString GuideProgress::objectName(GuideStep step, const Workspace &workspace) const
{
    const std::optional<ObjectKind> kind = kindOf(step);
    if (!kind)
        return {};
    const QString id = m_ids.value(int(step));
    const QHash<QString, QString> byId = workspace.namesById(*kind);
    if (!id.isEmpty() && byId.contains(id))
        return byId.value(id);
    const QString name = m_names.value(int(step));
    return !name.isEmpty() && workspace.names(*kind).contains(name) ? name : QString();
}

bool GuideProgress::isDone(GuideStep step, const Workspace &workspace) const
{
    if (step == GuideStep::FirstTransfer)
        return m_transferSucceeded;
    return !objectName(step, workspace).isEmpty();
}

std::optional<GuideStep> GuideProgress::firstUndone(const Workspace &workspace) const
{
    for (int i = 0; i < kGuideStepCount; ++i) {
        if (!isDone(GuideStep(i), workspace))
            return GuideStep(i);
    }
    return std::nullopt;
}

void GuideProgress::setTransfer(const QString &id, bool succeeded)
{
    m_transferId = id;
    m_transferSucceeded = succeeded;
}

} // namespace ferry::ui
