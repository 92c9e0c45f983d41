import { useRef, useState } from 'react';
import { Button, ProgressBar } from 'antd-mobile';
import { CameraOutline, FileOutline, PictureOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { errorText, isApiError } from '../../../shared/api.ts';
import { mutualAidApi, type DocumentKind, type UploadedDocument } from './api.ts';
import { SingleChoice } from './fields.tsx';
import { DOCUMENT_KINDS, DOCUMENT_LIMIT_BYTES, megabytes } from './rules.ts';

interface Upload {
  key: string;
  name: string;
  kind: DocumentKind;
  state: 'uploading' | 'done' | 'failed';
  percent: number;
  reason?: string;
}

/**
 * 上传材料 on a claim: the kind (发票 first), then a photo from the camera or the album, or a PDF, sent
 * with its progress; a file over the limit is refused here before it goes over mobile data, the server's
 * refusal is shown in its words, and what was sent is listed. Once the claim is decided, the server says
 * no more, and the picker closes.
 */
export function DocumentsSection({ claimId, onUploaded }: { claimId: string; onUploaded?: (document: UploadedDocument) => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<DocumentKind>('invoice');
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [closed, setClosed] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const k = 'memberMutualAid.documents';

  const patch = (key: string, change: Partial<Upload>) => setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));

  const upload = async (files: File[], as: DocumentKind) => {
    const batch = files.map((file, i) => ({ file, key: `${Date.now()}-${i}` }));
    // The newest first: what was just chosen is what the worker looks for.
    setUploads((list) => [
      ...batch.map(({ file, key }): Upload => ({ key, name: file.name, kind: as, state: 'uploading', percent: 0 })).reverse(),
      ...list,
    ]);
    for (const { file, key } of batch) {
      if (file.size > DOCUMENT_LIMIT_BYTES) {
        patch(key, { state: 'failed', reason: t(`${k}.tooLarge`, { size: megabytes(file.size), limit: megabytes(DOCUMENT_LIMIT_BYTES) }) });
        continue;
      }
      try {
        const added = await mutualAidApi.uploadDocument(claimId, as, file, file.name, {
          onProgress: (fraction) => patch(key, { percent: Math.floor(fraction * 100) }),
        });
        patch(key, { state: 'done', percent: 100, name: added.name });
        onUploaded?.(added);
      } catch (error) {
        // The claim was decided meanwhile: the server's title names its status by code, the worker is told in words.
        const decided = isApiError(error) && error.code === 'mutual-aid.claim_step_refused';
        patch(key, { state: 'failed', reason: decided ? t(`${k}.closed`) : errorText(error) });
        if (decided) setClosed(true);
      }
    }
  };

  const uploading = uploads.some((u) => u.state === 'uploading');
  const kindName = t(`${k}.kind.${kind}`);
  return (
    <div className="gh-ma-documents" data-testid="mutual-aid-documents" data-closed={closed}>
      <h4 className="gh-ma-subheading">{t(`${k}.title`)}</h4>
      {closed ? (
        <p className="gh-ma-hint">{t(`${k}.closed`)}</p>
      ) : (
        <>
          <p className="gh-ma-hint">{t(`${k}.hint`)}</p>
          <SingleChoice
            columns={2}
            value={kind}
            onChange={setKind}
            options={DOCUMENT_KINDS.map((value) => ({ value, label: t(`${k}.kind.${value}`) }))}
            testId="mutual-aid-document-kind"
          />
          <input
            ref={input}
            type="file"
            accept="image/*,application/pdf"
            multiple
            hidden
            data-testid="mutual-aid-document-input"
            onChange={(event) => {
              const files = [...(event.target.files ?? [])];
              event.target.value = '';
              if (files.length > 0) void upload(files, kind);
            }}
          />
          <Button
            block
            size="large"
            shape="rounded"
            color="primary"
            fill="outline"
            className="gh-ma-document-choose"
            disabled={uploading}
            onClick={() => input.current?.click()}
            data-testid="mutual-aid-document-choose"
          >
            <CameraOutline /> {t(`${k}.choose`, { kind: kindName })}
          </Button>
        </>
      )}
      {uploads.length > 0 && (
        <>
          <div className="gh-ma-documents-sent">{t(`${k}.sent`)}</div>
          <ul className="gh-ma-uploads">
            {uploads.map((u) => (
              <li key={u.key} data-testid="mutual-aid-document-upload" data-state={u.state} data-kind={u.kind} data-name={u.name}>
                <div className="gh-ma-upload-line">
                  {u.name.toLowerCase().endsWith('.pdf') ? <FileOutline /> : <PictureOutline />}
                  <span className="gh-ma-upload-kind">{t(`${k}.kind.${u.kind}`)}</span>
                  <span className="gh-ma-upload-name">{u.name}</span>
                </div>
                {u.state === 'failed' ? (
                  <div className="gh-ma-upload-failed" role="alert" data-testid="mutual-aid-document-reason">
                    {t(`${k}.failed`, { reason: u.reason ?? '' })}
                  </div>
                ) : (
                  <>
                    {u.state === 'uploading' && <ProgressBar percent={u.percent} />}
                    <div className="gh-muted gh-ma-upload-state">
                      {u.state === 'done' ? t(`${k}.done`) : t(`${k}.uploading`, { percent: u.percent })}
                    </div>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
