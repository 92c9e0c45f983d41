import { Button } from 'antd';
import { useTranslation } from 'react-i18next';

/** A table's footer while a cursor list has more pages: 加载更多. */
export function LoadMore({ list, testId }: { list: { loadingMore: boolean; loadMore: () => Promise<void> }; testId: string }) {
  const { t } = useTranslation();
  return (
    <div className="gh-load-more">
      <Button onClick={() => void list.loadMore()} loading={list.loadingMore} data-testid={testId}>
        {t('common.loadMore')}
      </Button>
    </div>
  );
}
