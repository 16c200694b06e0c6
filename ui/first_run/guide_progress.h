#pragma once

#include "config/object_kind.h"
#include "config/workspace.h"

#include <QHash>
#include <QString>
#include <QVariantMap>

#include <optional>

namespace ferry::ui {

// The steps of "Connect your own data", in the order a first table needs them.
enum class GuideStep { Source, Model, Product, Recipient, Destination, FirstTransfer };
inline constexpr int kGuideStepCount = 6;

// What the guided path has made so far: the object saved at each step (by id, so a rename elsewhere is followed,
// and by name), the tenant the user previewed, and the first transfer. Kept in AppSettings so the guide resumes at
// the first step not done and reuses what earlier steps made.
class GuideProgress
{
public:
    static GuideProgress fromSettings(const QVariantMap &map);
    QVariantMap toSettings() const;

    static QString title(GuideStep step);
    // The kind of object a step makes; none for the first transfer.
    static std::optional<ObjectKind> kindOf(GuideStep step);

    void setObject(GuideStep step, const QString &id, const QString &name);
    QString objectId(GuideStep step) const { return m_ids.value(int(step)); }
    // The step's object as `workspace` names it now (renames followed); empty when it made none or it was deleted.
    QString objectName(GuideStep step, const Workspace &workspace) const;
    bool isDone(GuideStep step, const Workspace &workspace) const;
    // The first step not done (the first transfer once every object exists); none when all are done.
    std::optional<GuideStep> firstUndone(const Workspace &workspace) const;

    QString previewTenant() const { return m_previewTenant; }
    void setPreviewTenant(const QString &tenant) { m_previewTenant = tenant; }
    QString transferId() const { return m_transferId; }
    bool transferSucceeded() const { return m_transferSucceeded; }
    void setTransfer(const QString &id, bool succeeded);

private:
    QHash<int, QString> m_ids;
    QHash<int, QString> m_names;
    QString m_previewTenant;
    QString m_transferId;
    bool m_transferSucceeded = false;
};

} // namespace ferry::ui
