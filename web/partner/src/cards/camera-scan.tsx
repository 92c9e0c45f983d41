import { useEffect, useRef, useState } from 'react';
import { Alert, Modal, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { detectQr } from './scan.ts';

const SCAN_INTERVAL_MS = 200;

type CameraState = { state: 'starting' } | { state: 'scanning' } | { state: 'failed'; reason: 'denied' | 'noCamera' | 'failed' };

function failureReason(error: unknown): 'denied' | 'noCamera' | 'failed' {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'noCamera';
  return 'failed';
}

/** The device camera (the back one on a phone) read by BarcodeDetector until a QR code shows up. */
export function CameraScanModal({
  open,
  onClose,
  onDetected,
  afterClose,
}: {
  open: boolean;
  onClose: () => void;
  onDetected: (text: string) => void;
  /** Once the modal is gone (antd then gives focus back to the button that opened it). */
  afterClose?: () => void;
}) {
  const { t } = useTranslation();
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const [camera, setCamera] = useState<CameraState>({ state: 'starting' });
  // The latest callback without restarting the camera when the parent re-renders.
  const detectedRef = useRef(onDetected);
  detectedRef.current = onDetected;

  useEffect(() => {
    if (!open) return undefined;
    let stopped = false;
    let stream: MediaStream | null = null;
    let timer: number | undefined;
    setCamera({ state: 'starting' });

    const scan = async () => {
      const video = videoRef.current;
      if (stopped || !video) return;
      if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) {
        const text = await detectQr(video);
        if (stopped) return;
        if (text) {
          stopped = true;
          detectedRef.current(text);
          return;
        }
      }
      timer = window.setTimeout(() => void scan(), SCAN_INTERVAL_MS);
    };

    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
        if (stopped) return;
        const video = videoRef.current;
        if (!video) return;
        video.srcObject = stream;
        await video.play();
        if (stopped) return;
        setCamera({ state: 'scanning' });
        void scan();
      } catch (error) {
        if (!stopped) setCamera({ state: 'failed', reason: failureReason(error) });
      }
    })();

    return () => {
      stopped = true;
      if (timer !== undefined) window.clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
      if (videoRef.current) videoRef.current.srcObject = null;
    };
  }, [open]);

  return (
    <Modal
      open={open}
      title={t('partnerCards.camera.title')}
      onCancel={onClose}
      afterClose={afterClose}
      footer={null}
      destroyOnHidden
      width={520}
      data-testid="partner-card-camera"
    >
      {camera.state === 'failed' ? (
        <Alert type="error" showIcon title={t(`partnerCards.camera.${camera.reason}`)} />
      ) : (
        <>
          <div className="gh-card-camera">
            <video ref={videoRef} muted playsInline className="gh-card-camera-video" />
            <div className="gh-card-camera-frame" />
            {camera.state === 'starting' && (
              <div className="gh-card-camera-starting">
                <Spin />
                <span>{t('partnerCards.camera.starting')}</span>
              </div>
            )}
          </div>
          <Typography.Paragraph type="secondary" className="gh-card-camera-hint">
            {t('partnerCards.camera.aim')}
          </Typography.Paragraph>
        </>
      )}
    </Modal>
  );
}
