import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App, Button, Card, Col, Row, Space, Tooltip } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../shared/api.ts';
import { useSession } from '../../session.tsx';
import { orgsApi, type Org, type OrgDetail } from './api.ts';
import { useOrgTree } from './use-org-tree.ts';
import { OrgTreePanel } from './components/org-tree-panel.tsx';
import { OrgDetailPanel, type OrgAction } from './components/org-detail-panel.tsx';
import { OrgFormModal, type OrgFormTarget } from './components/org-form-modal.tsx';
import { MoveOrgModal } from './components/move-org-modal.tsx';
import { ReasonDialog } from '../../components/reason-dialog.tsx';
import { ImportOrgsModal } from './components/import-orgs-modal.tsx';

type Dialog =
  | { kind: 'form'; target: OrgFormTarget }
  | { kind: 'move'; org: Org }
  | { kind: 'deactivate'; org: Org }
  | { kind: 'reactivate'; org: Org }
  | { kind: 'import' };

/** Org structure page: the lazily loaded union tree on the left, the chosen organisation on the right. */
export function OrgsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { access } = useSession();
  const tree = useOrgTree();
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('org');
  const [expandedKeys, setExpandedKeys] = useState<string[]>([]);
  const [detail, setDetail] = useState<OrgDetail | null>(null);
  const [detailLoading, setDetailLoading] = useState(false);
  const [detailProblem, setDetailProblem] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [revealId, setRevealId] = useState<string | null>(null);
  const detailSeq = useRef(0);
  // The latest tree for async work that spans several loads (reveal), without re-creating callbacks.
  const treeRef = useRef(tree);
  useEffect(() => {
    treeRef.current = tree;
  });
  const { remember, loadChildren } = tree;

  const select = useCallback(
    (id: string) => {
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          next.set('org', id);
          return next;
        },
        { replace: false },
      );
    },
    [setParams],
  );

  // Start at the staff member's own organisation, opened one level.
  useEffect(() => {
    const root = tree.rootIds[0];
    if (!root) return;
    setExpandedKeys((keys) => (keys.length === 0 ? [root] : keys));
    if (!selectedId) setParams({ org: root }, { replace: true });
  }, [tree.rootIds, selectedId, setParams]);

  /** Opens the tree down to an org whose ancestors are known, loading each level on the way. */
  const reveal = useCallback(
    async (found: OrgDetail) => {
      const chain = [...found.ancestors].sort((a, b) => a.depth - b.depth).map((a) => a.id);
      const start = chain.findIndex((id) => treeRef.current.rootIds.includes(id));
      if (start < 0) return;
      const path = chain.slice(start);
      for (const id of path) {
        if (!treeRef.current.children[id]) {
          try {
            await loadChildren(id);
          } catch {
            return;
          }
        }
      }
      setExpandedKeys((keys) => [...new Set([...keys, ...path])]);
    },
    [loadChildren],
  );

  const loadDetail = useCallback(
    async (id: string, revealInTree: boolean) => {
      const seq = ++detailSeq.current;
      setDetailLoading(true);
      setDetailProblem(null);
      try {
        const found = await orgsApi.get(id);
        if (seq !== detailSeq.current) return;
        setDetail(found);
        remember([found.org, ...found.ancestors]);
        if (revealInTree) setRevealId(found.org.id);
      } catch (error) {
        if (seq === detailSeq.current) {
          setDetail(null);
          setDetailProblem(errorText(error));
        }
      } finally {
        if (seq === detailSeq.current) setDetailLoading(false);
      }
    },
    [remember],
  );

  // Reveal once both the detail (with its ancestors) and the tree's root are there.
  const rootReady = tree.rootIds.length > 0;
  useEffect(() => {
    if (revealId && rootReady && detail?.org.id === revealId) {
      setRevealId(null);
      void reveal(detail);
    }
  }, [revealId, rootReady, detail, reveal]);

  useEffect(() => {
    if (selectedId) void loadDetail(selectedId, true);
  }, [selectedId, loadDetail]);

  const nameOf = useCallback((id: string | null) => (id ? (tree.orgs[id]?.name ?? null) : null), [tree.orgs]);

  const onAction = (action: OrgAction, org: Org) => {
    switch (action) {
      case 'edit':
        setDialog({ kind: 'form', target: { mode: 'edit', org } });
        break;
      case 'newChild':
        setDialog({ kind: 'form', target: { mode: 'create', parent: org } });
        break;
      case 'move':
        setDialog({ kind: 'move', org });
        break;
      case 'deactivate':
        setDialog({ kind: 'deactivate', org });
        break;
      case 'reactivate':
        setDialog({ kind: 'reactivate', org });
        break;
    }
  };

  const afterSaved = async (saved: Org, target: OrgFormTarget) => {
    setDialog(null);
    tree.upsert(saved);
    if (target.mode === 'create') {
      await tree.refreshParents([target.parent.id]);
      setExpandedKeys((keys) => [...new Set([...keys, target.parent.id])]);
      select(saved.id);
    } else {
      void loadDetail(saved.id, false);
    }
  };

  const afterMoved = async (moved: Org, fromParentId: string | null) => {
    setDialog(null);
    tree.upsert(moved);
    await tree.refreshParents([fromParentId, moved.parentId]);
    void loadDetail(moved.id, true);
  };

  const afterStatus = (changed: Org) => {
    setDialog(null);
    tree.upsert(changed);
    void loadDetail(changed.id, false);
  };

  return (
    <>
      <Row gutter={16} wrap={false} className="gh-orgs">
        <Col flex="360px" className="gh-orgs-left">
          <Card
            size="small"
            className="gh-orgs-tree-card"
            title={t('console.menu.orgs')}
            extra={
              <Space size={4}>
                <Tooltip title={t('console.orgs.downloadTemplate')}>
                  <Button
                    size="small"
                    type="text"
                    icon={<DownloadOutlined />}
                    href={orgsApi.templateUrl}
                    download
                    data-testid="org-import-template"
                  />
                </Tooltip>
                {access.canEditOrgs && (
                  <Button size="small" icon={<UploadOutlined />} onClick={() => setDialog({ kind: 'import' })} data-testid="org-import">
                    {t('console.orgs.import')}
                  </Button>
                )}
              </Space>
            }
          >
            <OrgTreePanel
              tree={tree}
              selectedId={selectedId}
              expandedKeys={expandedKeys}
              onExpand={setExpandedKeys}
              onSelect={(org) => select(org.id)}
            />
          </Card>
        </Col>
        <Col flex="auto" className="gh-orgs-right">
          <OrgDetailPanel
            detail={detail}
            loading={detailLoading}
            problem={detailProblem}
            nameOf={nameOf}
            childCount={detail ? tree.orgs[detail.org.id]?.childCount : undefined}
            onAction={onAction}
            onSelect={(org) => select(org.id)}
            onRetry={() => selectedId && void loadDetail(selectedId, true)}
          />
        </Col>
      </Row>

      {dialog?.kind === 'form' && (
        <OrgFormModal target={dialog.target} onClose={() => setDialog(null)} onSaved={(saved) => void afterSaved(saved, dialog.target)} />
      )}
      {dialog?.kind === 'move' && (
        <MoveOrgModal org={dialog.org} onClose={() => setDialog(null)} onMoved={(moved, from) => void afterMoved(moved, from)} />
      )}
      {dialog?.kind === 'deactivate' && (
        <ReasonDialog
          title={t('console.orgs.deactivate.title')}
          hint={t('console.orgs.deactivate.hint')}
          danger
          testId="org-deactivate-reason"
          onClose={() => setDialog(null)}
          onSubmit={async (reason) => {
            const changed = await orgsApi.deactivate(dialog.org.id, reason);
            void message.success(t('console.orgs.deactivate.done'));
            afterStatus(changed);
          }}
        />
      )}
      {dialog?.kind === 'reactivate' && (
        <ReasonDialog
          title={t('console.orgs.reactivate.title')}
          testId="org-reactivate-reason"
          onClose={() => setDialog(null)}
          onSubmit={async (reason) => {
            const changed = await orgsApi.reactivate(dialog.org.id, reason);
            void message.success(t('console.orgs.reactivate.done'));
            afterStatus(changed);
          }}
        />
      )}
      {dialog?.kind === 'import' && (
        <ImportOrgsModal
          onClose={() => setDialog(null)}
          onImported={() => {
            void tree.refreshParents([...tree.rootIds, ...Object.keys(tree.children)]);
          }}
        />
      )}
    </>
  );
}
