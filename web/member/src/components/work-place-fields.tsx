import { useState } from 'react';
import { Button, Form, Selector, TextArea } from 'antd-mobile';
import { EnvironmentOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import type { WorkPlace } from '../membership/api.ts';
import { TRADES, checkUscc, type Trade } from '../membership/rules.ts';
import { EmployerInput } from './employer-input.tsx';
import { RegionPicker } from './region-picker.tsx';
import { TestInput } from './test-input.tsx';

/** The work-place part of the join, transfer and change-of-work forms. */
export interface WorkPlaceValues {
  trade?: Trade;
  employerName?: string;
  employerUscc?: string;
  workRegionCode?: string;
  workAddress?: string;
}

// The instance Form.useForm gives (antd-mobile's own FormInstance type leaves out what useWatch needs).
type FormInstance = ReturnType<typeof Form.useForm>[0];

export const WORK_PLACE_FIELDS = ['trade', 'employerName', 'employerUscc', 'workRegionCode', 'workAddress'] as const;

/** The values as the API takes them: trimmed, empty optional fields left out. */
export function workPlaceBody(values: WorkPlaceValues): WorkPlace {
  const employerName = values.employerName?.trim();
  const employerUscc = values.employerUscc?.trim().toUpperCase();
  const workAddress = values.workAddress?.trim();
  return {
    trade: values.trade as Trade,
    workRegionCode: values.workRegionCode ?? '',
    ...(workAddress ? { workAddress } : {}),
    ...(employerName ? { employerName } : {}),
    ...(employerUscc ? { employerUscc } : {}),
  };
}

/** The credit code to place by: only a complete, valid one (a half-typed code must not flicker the preview). */
export function usableUscc(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const checked = checkUscc(raw);
  return checked.ok ? checked.value : undefined;
}

function TradeSelector({ value, onChange, testId }: { value?: Trade | undefined; onChange?: (trade: Trade) => void; testId: string }) {
  const { t } = useTranslation();
  return (
    <Selector
      className="gh-trades"
      columns={3}
      options={TRADES.map((trade) => ({ label: t(`enums.trade.${trade}`), value: trade }))}
      value={value ? [value] : []}
      onChange={(next) => {
        const picked = next[0];
        if (picked) onChange?.(picked);
      }}
      data-testid={testId}
    />
  );
}

export type Located =
  | { state: 'none' }
  | { state: 'locating' }
  | { state: 'located'; lat: number; lng: number; accuracy: number }
  | { state: 'failed'; reason: GeoFailure };

type GeoFailure = 'denied' | 'unavailable' | 'timeout' | 'unsupported' | 'insecure';

/** navigator.geolocation, with every way it can fail named (refused, no fix, no HTTPS, old browser). */
export function locate(): Promise<Located> {
  if (!window.isSecureContext) return Promise.resolve({ state: 'failed', reason: 'insecure' });
  if (!('geolocation' in navigator)) return Promise.resolve({ state: 'failed', reason: 'unsupported' });
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (position) =>
        resolve({
          state: 'located',
          lat: Math.round(position.coords.latitude * 1e6) / 1e6,
          lng: Math.round(position.coords.longitude * 1e6) / 1e6,
          accuracy: Math.round(position.coords.accuracy),
        }),
      (error) =>
        resolve({
          state: 'failed',
          reason: error.code === error.PERMISSION_DENIED ? 'denied' : error.code === error.TIMEOUT ? 'timeout' : 'unavailable',
        }),
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 60_000 },
    );
  });
}

export function WorkPlaceFields({
  form,
  prefix,
  located,
  onLocated,
}: {
  form: FormInstance;
  /** data-testid prefix: join, transfer, work. */
  prefix: string;
  /** Given: the "use my location" button shows (the join form sends the location). */
  located?: Located;
  onLocated?: (located: Located) => void;
}) {
  const { t } = useTranslation();
  const pickedUscc = Form.useWatch<string | undefined>('employerUscc', form);
  const [usccOpen, setUsccOpen] = useState(false);

  const useLocation = async () => {
    if (!onLocated) return;
    onLocated({ state: 'locating' });
    onLocated(await locate());
  };

  return (
    <>
      <Form.Item
        name="trade"
        label={t('memberMembership.workPlace.trade')}
        rules={[{ required: true, message: t('memberMembership.workPlace.tradeRequired') }]}
      >
        <TradeSelector testId={`${prefix}-trade`} />
      </Form.Item>
      <Form.Item
        name="workRegionCode"
        label={t('memberMembership.workPlace.region')}
        rules={[{ required: true, message: t('memberMembership.workPlace.regionRequired') }]}
      >
        <RegionPicker testId={`${prefix}-region`} />
      </Form.Item>
      <Form.Item
        name="workAddress"
        label={t('memberMembership.workPlace.address')}
        rules={[{ max: 200, message: t('memberMembership.workPlace.addressTooLong') }]}
      >
        <TextArea
          placeholder={t('memberMembership.workPlace.addressPlaceholder')}
          rows={1}
          autoSize={{ minRows: 1, maxRows: 3 }}
          maxLength={200}
          ref={(area) => area?.nativeElement?.setAttribute('data-testid', `${prefix}-address`)}
        />
      </Form.Item>
      {onLocated && located && (
        <div className="gh-locate">
          <Button
            size="small"
            fill="outline"
            shape="rounded"
            loading={located.state === 'locating'}
            onClick={() => void useLocation()}
            data-testid={`${prefix}-locate`}
          >
            <EnvironmentOutline /> {t('memberMembership.workPlace.locate')}
          </Button>
          <span
            className={located.state === 'failed' ? 'gh-locate-note gh-locate-failed' : 'gh-locate-note'}
            data-testid={`${prefix}-locate-result`}
          >
            {located.state === 'located' && t('memberMembership.workPlace.located', { accuracy: located.accuracy })}
            {located.state === 'failed' && t(`memberMembership.workPlace.locateFailed.${located.reason}`)}
            {located.state === 'none' && t('memberMembership.workPlace.locateHint')}
          </span>
        </div>
      )}
      <Form.Item
        name="employerName"
        label={t('memberMembership.workPlace.employer')}
        description={t('memberMembership.workPlace.employerHelp')}
        rules={[{ max: 100, message: t('memberMembership.workPlace.employerTooLong') }]}
      >
        <EmployerInput
          testId={`${prefix}-employer`}
          pickedUscc={pickedUscc}
          onPick={(employer) => {
            // '' rather than undefined: an input given undefined keeps showing its old text.
            form.setFieldsValue({ employerUscc: employer?.uscc ?? '' });
            if (employer) setUsccOpen(true);
          }}
        />
      </Form.Item>
      {usccOpen || pickedUscc ? (
        <Form.Item
          name="employerUscc"
          label={t('memberMembership.workPlace.uscc')}
          rules={[
            {
              validator: async (_rule, value: string | undefined) => {
                if (!value?.trim()) return;
                const checked = checkUscc(value);
                if (!checked.ok) throw new Error(t(`memberMembership.workPlace.usccInvalid.${checked.problem}`));
              },
            },
          ]}
        >
          <TestInput
            maxLength={18}
            clearable
            autoComplete="off"
            placeholder={t('memberMembership.workPlace.usccPlaceholder')}
            testId={`${prefix}-uscc`}
          />
        </Form.Item>
      ) : (
        <div className="gh-form-link">
          <button type="button" onClick={() => setUsccOpen(true)} data-testid={`${prefix}-uscc-open`}>
            {t('memberMembership.workPlace.usccOpen')}
          </button>
        </div>
      )}
    </>
  );
}
