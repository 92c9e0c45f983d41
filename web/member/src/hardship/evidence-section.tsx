import { useRef, useState } from 'react';
import { Button, ProgressBar } from 'antd-mobile';
import { CameraOutline, FileOutline, PictureOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { errorText, isApiError } from '../../../shared/api.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { hardshipApi, type HardshipStatus, type OwnEvidence } from './api.ts';

/** While the worker may still add to the application: until it is decided (the server's own list). */
const OPEN: ReadonlySet<HardshipStatus> = new Set(['applied', 'visited', 'reviewed', 'under_notice']);

/** A size as the worker reads it: 8.4 MB. */
function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

interface Upload {
  key: string;
  name: string;
  state: 'uploading' | 'done' | 'failed';
  percent: number;
  reason?: string;
}

/**
 * 补充证明材料 on a file card: a photo from the camera or the album, or a PDF, sent with its progress;
 * the server's refusal (too large, not a photo or PDF, the file decided meanwhile) in its own words; and
 * the names of what was sent. Once the file is decided, only the list.
 */
export function EvidenceSection({
  fileId,
  status,
  evidence,
  limitBytes,
}: {
  fileId: string;
  status: HardshipStatus;
  evidence: OwnEvidence[];
  limitBytes: number;
}) {
  const { t } = useTranslation();
  const [items, setItems] = useState(evidence);
  const [uploads, setUploads] = useState<Upload[]>([]);
  // The file may be decided while the card is open; the server's 409 closes the picker too.
  const [closed, setClosed] = useState(!OPEN.has(status));
  const input = useRef<HTMLInputElement>(null);
  const k = 'memberHardship.evidence';

  if (closed && items.length === 0 && uploads.length === 0) return null;

  const patch = (key: string, change: Partial<Upload>) => setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));

  const upload = async (files: File[]) => {
    const batch = files.map((file, i) => ({ file, key: `${Date.now()}-${i}` }));
    setUploads((list) => [
      ...list.filter((u) => u.state === 'uploading'),
      ...batch.map(({ file, key }): Upload => ({ key, name: file.name, state: 'uploading', percent: 0 })),
    ]);
    for (const { file, key } of batch) {
      // Refused here, before megabytes go over 4G only to be refused by the server.
      if (file.size > limitBytes) {
        patch(key, { state: 'failed', reason: t(`${k}.tooLarge`, { size: megabytes(file.size), limit: megabytes(limitBytes) }) });
        continue;
      }
      try {
        const added = await hardshipApi.uploadEvidence(fileId, file, file.name, {
          onProgress: (fraction) => patch(key, { percent: Math.floor(fraction * 100) }),
        });
        setItems((list) => [
          ...list,
          { id: added.id, kind: added.kind, name: added.name, contentType: added.contentType, createdAt: String(added.createdAt) },
        ]);
        patch(key, { state: 'done', percent: 100 });
      } catch (error) {
        patch(key, { state: 'failed', reason: errorText(error) });
        if (isApiError(error) && error.code === 'hardship.evidence_closed') setClosed(true);
      }
    }
  };

  return (
    <div className="gh-hs-evidence" data-testid="hardship-evidence" data-closed={closed}>
      <h4 className="gh-hs-progress-title">{closed ? t(`${k}.listTitle`) : t(`${k}.title`)}</h4>
      {closed ? (
        OPEN.has(status) && <p className="gh-hs-hint">{t(`${k}.closed`)}</p>
      ) : (
        <>
          <p className="gh-hs-hint">{t(`${k}.hint`)}</p>
          <input
            ref={input}
            type="file"
            accept="image/*,application/pdf"
            multiple
            hidden
            data-testid="hardship-evidence-input"
            onChange={(event) => {
              const files = [...(event.target.files ?? [])];
              event.target.value = '';
              if (files.length > 0) void upload(files);
            }}
          />
          <Button
            block
            shape="rounded"
            color="primary"
            fill="outline"
            className="gh-hs-evidence-choose"
            disabled={uploads.some((u) => u.state === 'uploading')}
            onClick={() => input.current?.click()}
            data-testid="hardship-evidence-choose"
          >
            <CameraOutline /> {t(`${k}.choose`)}
          </Button>
        </>
      )}
      {uploads.length > 0 && (
        <ul className="gh-hs-evidence-uploads">
          {uploads.map((u) => (
            <li key={u.key} data-testid="hardship-evidence-upload" data-state={u.state} data-name={u.name}>
              <div className="gh-hs-evidence-upload-name">{u.name}</div>
              {u.state === 'failed' ? (
                <div className="gh-hs-evidence-failed" role="alert" data-testid="hardship-evidence-upload-reason">
                  {t(`${k}.failed`, { reason: u.reason ?? '' })}
                </div>
              ) : (
                <>
                  <ProgressBar percent={u.percent} />
                  <div className="gh-muted gh-hs-evidence-state">
                    {u.state === 'done' ? t(`${k}.done`) : t(`${k}.uploading`, { percent: u.percent })}
                  </div>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {!closed && <div className="gh-hs-evidence-list-title">{t(`${k}.listTitle`)}</div>}
      {items.length === 0 ? (
        <p className="gh-muted gh-hs-evidence-empty">{t(`${k}.empty`)}</p>
      ) : (
        <ul className="gh-hs-evidence-list" data-testid="hardship-evidence-list">
          {items.map((item) => (
            <li key={item.id} data-testid="hardship-evidence-item" data-kind={item.kind}>
              {item.contentType === 'application/pdf' ? <FileOutline /> : <PictureOutline />}
              <span className="gh-hs-evidence-name" data-testid="hardship-evidence-name">
                {item.name}
              </span>
              <span className="gh-hs-evidence-at">{formatDateTime(item.createdAt).slice(5, 16)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
