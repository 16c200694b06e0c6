// ValidationCache (issue 15): re-validating one edited object gives what WorkspaceValidator gives for the whole
// workspace with that edit, object by object: the edited one and those that refer to it.
#include "support/qt_printers.h"

#include "demo/demo_workspace.h"
#include "validate/validation_cache.h"
#include "validate/workspace_reader.h"
#include "validate/workspace_validator.h"
#include "workspace/reference_renamer.h"
#include "workspace/workspace_applier.h"

#include <gtest/gtest.h>

#include <QTemporaryDir>

#include <atomic>
#include <thread>
#include <vector>

namespace ferry {
namespace {

using namespace Qt::Literals::StringLiterals;

// Puts `edited`'s object (if any) in place of the one with its id, else at the end.
template <typename T>
void placeInto(QList<T> &objects, const QList<T> &edited, ObjectKind kind)
{
    if (edited.isEmpty())
        return;
    T object = edited.first();
    if (object.file.isEmpty())
        object.file = folderName(kind) + u'/' + WorkspaceReader::fileNameFor(object.name);
    auto it = std::find_if(objects.begin(), objects.end(),
                           [&](const T &o) { return !object.id.isEmpty() && o.id == object.id; });
    if (it != objects.end())
        *it = object;
    else
        objects.append(object);
}

// What an editor would validate: the applied workspace with `edited`'s object in place, renames followed.
Workspace withEdit(const Workspace &applied, const Workspace &edited)
{
    Workspace w = applied;
    placeInto(w.sources, edited.sources, ObjectKind::Source);
    placeInto(w.models, edited.models, ObjectKind::Model);
    placeInto(w.products, edited.products, ObjectKind::Product);
    placeInto(w.recipients, edited.recipients, ObjectKind::Recipient);
    placeInto(w.destinations, edited.destinations, ObjectKind::Destination);
    ReferenceRenamer::followRenames(w, applied);
    return w;
}

QStringList described(const QList<ValidationIssue> &issues)
{
    QStringList lines;
    for (const ValidationIssue &issue : issues)
        lines << issue.toString();
    lines.sort();
    return lines;
}

class ValidationCacheTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        QTemporaryDir dir;
        const Result<DemoWorkspace::Layout> layout = DemoWorkspace::create(dir.path());
        ASSERT_TRUE(layout.ok());
        ValidationReport read;
        s_demo = WorkspaceReader::readFolder(layout->workspaceFolder, read);
        ASSERT_FALSE(read.hasErrors());
        WorkspaceApplier::assignIds(s_demo, {});
    }

    // The cache's issues for the edited object and each object it reported equal the full validator's.
    static void expectSameAsFullValidation(const ValidationCache &cache, ObjectKind kind, const Workspace &edited,
                                           const QSet<QString> &transferred = {})
    {
        const ValidationReport fromCache = cache.check(kind, edited);
        ValidationContext context;
        context.applied = &cache.workspace();
        context.transferredModels = transferred;
        const ValidationReport full = WorkspaceValidator::validate(withEdit(cache.workspace(), edited), context);
        const QString name = edited.names(kind).first();
        EXPECT_EQ(described(fromCache.issuesFor(kind, name)), described(full.issuesFor(kind, name)))
            << kindName(kind).toStdString() << " " << name.toStdString();
        for (const ValidationIssue &issue : fromCache.issues()) {
            ASSERT_TRUE(issue.kind.has_value()) << issue.toString().toStdString();
            EXPECT_EQ(described(fromCache.issuesFor(*issue.kind, issue.objectName)),
                      described(full.issuesFor(*issue.kind, issue.objectName)))
                << "referring object " << issue.objectName.toStdString();
        }
    }

    template <typename T>
    static Workspace alone(QList<T> Workspace::*list, const T &object)
    {
        Workspace w;
        (w.*list).append(object);
        return w;
    }

    static inline Workspace s_demo;
};

TEST_F(ValidationCacheTest, EveryDemoObjectAsItIsMatchesTheFullValidator)
{
    const ValidationCache cache(s_demo, {});
    EXPECT_FALSE(cache.report().hasErrors());
    for (const Source &o : s_demo.sources)
        expectSameAsFullValidation(cache, ObjectKind::Source, alone(&Workspace::sources, o));
    for (const Model &o : s_demo.models)
        expectSameAsFullValidation(cache, ObjectKind::Model, alone(&Workspace::models, o));
    for (const Product &o : s_demo.products)
        expectSameAsFullValidation(cache, ObjectKind::Product, alone(&Workspace::products, o));
    for (const Recipient &o : s_demo.recipients)
        expectSameAsFullValidation(cache, ObjectKind::Recipient, alone(&Workspace::recipients, o));
    for (const Destination &o : s_demo.destinations)
        expectSameAsFullValidation(cache, ObjectKind::Destination, alone(&Workspace::destinations, o));
    EXPECT_TRUE(cache.check(ObjectKind::Model, alone(&Workspace::models, s_demo.models[0])).issues().isEmpty());
}

TEST_F(ValidationCacheTest, BrokenEditsMatchTheFullValidator)
{
    const QSet<QString> transferred{u"events"_s};
    const ValidationCache cache(s_demo, transferred);
    const Model events = *s_demo.model(u"events"_s);

    Model reserved = events; // a reserved name, a second primary key, a retyped column of a transferred model
    reserved.columns[1].nameInDestination = u"select"_s;
    reserved.columns[2].isPrimaryKey = true;
    reserved.columns[3].dataType = u"float"_s;
    const ValidationReport report = cache.check(ObjectKind::Model, alone(&Workspace::models, reserved));
    EXPECT_EQ(report.errorCount(), 3) << described(report.issues()).join(u'\n').toStdString();
    expectSameAsFullValidation(cache, ObjectKind::Model, alone(&Workspace::models, reserved), transferred);

    Model renamed = events; // its products follow: no error anywhere
    renamed.name = u"events_v2"_s;
    renamed.file.clear();
    EXPECT_FALSE(cache.check(ObjectKind::Model, alone(&Workspace::models, renamed)).hasErrors());
    expectSameAsFullValidation(cache, ObjectKind::Model, alone(&Workspace::models, renamed), transferred);

    Model added = events; // a new model whose name differs only in case
    added.id.clear();
    added.name = u"Events"_s;
    added.file.clear();
    EXPECT_TRUE(cache.check(ObjectKind::Model, alone(&Workspace::models, added)).hasErrors());
    expectSameAsFullValidation(cache, ObjectKind::Model, alone(&Workspace::models, added), transferred);

    Source source = s_demo.sources.first(); // models name it by source_name: they follow
    source.name = u"Renamed Source"_s;
    source.file.clear();
    expectSameAsFullValidation(cache, ObjectKind::Source, alone(&Workspace::sources, source), transferred);

    Source schemaTenanted = s_demo.sources.first(); // its models' organization_column is now ignored: warnings
    schemaTenanted.tenancy = u"schema_tenanted"_s;
    const ValidationReport tenancy = cache.check(ObjectKind::Source, alone(&Workspace::sources, schemaTenanted));
    EXPECT_EQ(tenancy.issuesFor(ObjectKind::Model, u"events"_s).size(), 1);
    expectSameAsFullValidation(cache, ObjectKind::Source, alone(&Workspace::sources, schemaTenanted), transferred);

    Product product = s_demo.products.first();
    product.models << u"nope"_s << u"users"_s;
    expectSameAsFullValidation(cache, ObjectKind::Product, alone(&Workspace::products, product), transferred);

    Recipient recipient = s_demo.recipients.last(); // takes the first recipient's name: a duplicate
    recipient.name = s_demo.recipients.first().name;
    recipient.file.clear();
    EXPECT_TRUE(cache.check(ObjectKind::Recipient, alone(&Workspace::recipients, recipient)).hasErrors());
    expectSameAsFullValidation(cache, ObjectKind::Recipient, alone(&Workspace::recipients, recipient), transferred);

    Destination destination = s_demo.destinations.first();
    destination.recipient = u"nobody"_s;
    destination.frequencyMinutes = 7;
    destination.id = u"not-a-uuid"_s; // an unknown id: an added object
    destination.name = u"new destination"_s;
    destination.file.clear();
    expectSameAsFullValidation(cache, ObjectKind::Destination, alone(&Workspace::destinations, destination), transferred);
}

// Editors validate on worker threads while the cache is shared: concurrent checks give the single-threaded result.
TEST_F(ValidationCacheTest, ConcurrentChecksOfOneCacheAgree)
{
    const ValidationCache cache(s_demo, {});
    Model broken = s_demo.models.first();
    broken.columns[1].nameInDestination = u"select"_s;
    const Workspace edited = alone(&Workspace::models, broken);
    const QStringList expected = described(cache.check(ObjectKind::Model, edited).issues());
    ASSERT_FALSE(expected.isEmpty());
    std::vector<std::thread> threads;
    std::atomic<int> mismatches{0};
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 25; ++i) {
                if (described(cache.check(ObjectKind::Model, edited).issues()) != expected)
                    ++mismatches;
            }
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    EXPECT_EQ(mismatches.load(), 0);
}

} // namespace
} // namespace ferry
