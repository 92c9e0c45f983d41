import { useMemo, useState, type Key } from 'react';
import { Alert, Button, Empty, Input, List, Select, Space, Spin, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../../../shared/api.ts';
import { orgsApi, type Org } from '../api.ts';
import { ORG_KINDS, type OrgKind } from '../rules.ts';
import type { OrgTree } from '../use-org-tree.ts';

interface Props {
  tree: OrgTree;
  selectedId: string | null;
  expandedKeys: string[];
  onExpand: (keys: string[]) => void;
  onSelect: (org: Org) => void;
}

export function OrgTreePanel({ tree, selectedId, expandedKeys, onExpand, onSelect }: Props) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState<OrgKind | undefined>(undefined);
  const [results, setResults] = useState<Org[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [searchProblem, setSearchProblem] = useState<string | null>(null);

  const search = async (text: string, kindFilter = kind) => {
    const q = text.trim();
    if (!q && !kindFilter) {
      setResults(null);
      setSearchProblem(null);
      return;
    }
    setSearching(true);
    setSearchProblem(null);
    try {
      const { items } = await orgsApi.search({ ...(q ? { q } : {}), ...(kindFilter ? { kind: kindFilter } : {}) });
      setResults(items);
    } catch (error) {
      setSearchProblem(errorText(error));
      setResults([]);
    } finally {
      setSearching(false);
    }
  };

  const clearSearch = () => {
    setQuery('');
    setKind(undefined);
    setResults(null);
    setSearchProblem(null);
  };

  const treeData = useMemo<DataNode[]>(() => {
    const build = (id: string): DataNode | null => {
      const org = tree.orgs[id];
      if (!org) return null;
      const kids = tree.children[id];
      return {
        key: org.id,
        // Unknown count (the org came from a search or a detail): expandable until loaded.
        isLeaf: org.childCount === 0,
        title: (
          <span className="gh-tree-title" data-testid="org-tree-node" data-org-id={org.id}>
            <span className={org.status === 'inactive' ? 'gh-tree-name gh-inactive' : 'gh-tree-name'}>{org.name}</span>
            {org.status === 'inactive' && (
              <Tag variant="filled" className="gh-tree-tag">
                {t('enums.orgStatus.inactive')}
              </Tag>
            )}
          </span>
        ),
        ...(kids ? { children: kids.map(build).filter((n): n is DataNode => n !== null) } : {}),
      };
    };
    return tree.rootIds.map(build).filter((n): n is DataNode => n !== null);
  }, [tree.orgs, tree.children, tree.rootIds, t]);

  return (
    <div className="gh-tree-panel">
      <Space.Compact block className="gh-tree-search">
        <Select<OrgKind>
          allowClear
          placeholder={t('console.orgs.detail.kind')}
          value={kind}
          onChange={(next) => {
            setKind(next);
            void search(query, next);
          }}
          options={ORG_KINDS.map((k) => ({ value: k, label: t(`enums.orgKind.${k}`) }))}
          style={{ width: 128 }}
          popupMatchSelectWidth={false}
          data-testid="org-search-kind"
        />
        <Input
          allowClear
          placeholder={t('console.orgs.searchPlaceholder')}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            if (!e.target.value && !kind) clearSearch();
          }}
          onPressEnter={() => void search(query)}
          data-testid="org-search"
        />
        <Button
          icon={<SearchOutlined />}
          loading={searching}
          onClick={() => void search(query)}
          aria-label={t('common.search')}
          data-testid="org-search-submit"
        />
      </Space.Compact>

      {results !== null ? (
        <div className="gh-tree-results" data-testid="org-search-results">
          <div className="gh-tree-results-head">
            <Typography.Text type="secondary">{t('console.orgs.searchResults')}</Typography.Text>
            <Button type="link" size="small" onClick={clearSearch}>
              {t('console.orgs.clearSearch')}
            </Button>
          </div>
          {searchProblem && <Alert type="error" showIcon title={searchProblem} />}
          <List
            size="small"
            loading={searching}
            dataSource={results}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('console.orgs.noResults')} /> }}
            renderItem={(org) => (
              <List.Item
                className={org.id === selectedId ? 'gh-result gh-result-selected' : 'gh-result'}
                onClick={() => onSelect(org)}
                data-testid="org-search-result"
              >
                <List.Item.Meta
                  title={
                    <Space size={6}>
                      <span>{org.name}</span>
                      {org.status === 'inactive' && <Tag variant="filled">{t('enums.orgStatus.inactive')}</Tag>}
                    </Space>
                  }
                  description={t(`enums.orgKind.${org.kind}`)}
                />
              </List.Item>
            )}
          />
        </div>
      ) : tree.loading ? (
        <div className="gh-center-pad">
          <Spin />
        </div>
      ) : tree.problem ? (
        <Alert
          type="error"
          showIcon
          title={tree.problem}
          action={
            <Button size="small" onClick={() => void tree.loadRoot()}>
              {t('common.retry')}
            </Button>
          }
        />
      ) : treeData.length === 0 ? (
        <Empty description={t('console.orgs.treeEmpty')} />
      ) : (
        <Tree
          className="gh-tree"
          blockNode
          treeData={treeData}
          selectedKeys={selectedId ? [selectedId] : []}
          expandedKeys={expandedKeys}
          loadedKeys={Object.keys(tree.children)}
          onExpand={(keys: Key[]) => onExpand(keys.map(String))}
          loadData={async (node) => {
            const id = String(node.key);
            if (!tree.children[id]) await tree.loadChildren(id);
          }}
          onSelect={(keys: Key[]) => {
            const id = keys[0];
            const org = id !== undefined ? tree.orgs[String(id)] : undefined;
            if (org) onSelect(org);
          }}
          data-testid="org-tree"
        />
      )}
    </div>
  );
}
