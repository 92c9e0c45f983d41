import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText, fieldErrors, joinMessages } from '../../../../../shared/api.ts';
import { useSession } from '../../../session.tsx';
import { staffApi, type StaffMember } from '../../staff/api.ts';
import { stationServicesApi, type StationOrder } from '../api.ts';
import { volunteerNameProblem } from '../rules.ts';
import { slotText } from './words.tsx';

type Who = 'staff' | 'volunteer';

interface Values {
  who: Who;
  staffId?: string;
  volunteerName?: string;
}

/** A person who may be picked: the union's staff (and the signed-in staff member, who often serves themselves). */
type Person = Pick<StaffMember, 'id' | 'displayName' | 'username'> & { org: { id: string; name: string } };

/**
 * 受理: whoever will serve the order — one of the union's staff, picked from the staff list (the order's
 * union first, the whole subtree when searching), or a volunteer by name. The member gets an SMS naming them.
 */
export function AcceptDialog({
  order,
  onDone,
  onClose,
}: {
  order: StationOrder;
  onDone: (order: StationOrder) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { me } = useSession();
  const [form] = Form.useForm<Values>();
  const who = Form.useWatch('who', form) ?? 'staff';
  const [people, setPeople] = useState<Person[]>([]);
  // null until the first answer: then whether this staff member may read the staff list at all.
  const [staffReadable, setStaffReadable] = useState<boolean | null>(null);
  const [search, setSearch] = useState('');
  const [searching, setSearching] = useState(false);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<{ title: string; items: string[] } | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    const mine = ++seq.current;
    const q = search.trim();
    setSearching(true);
    const timer = window.setTimeout(
      () => {
        staffApi
          // Without a search, the people of the order's own union (and below); a search looks everywhere in reach.
          .list(q ? { q, limit: 50 } : { orgId: order.orgId, limit: 100 })
          .then(({ items }) => {
            if (mine !== seq.current) return;
            const active: Person[] = items.filter((s) => s.status === 'active');
            const self: Person = {
              id: me.id,
              displayName: me.displayName,
              username: me.username,
              org: { id: me.org.id, name: me.org.name },
            };
            setPeople(!q && !active.some((p) => p.id === me.id) ? [self, ...active] : active);
            setStaffReadable(true);
          })
          .catch((error: unknown) => {
            if (mine !== seq.current) return;
            setPeople([]);
            if (error instanceof ApiError && (error.status === 403 || error.status === 404)) {
              setStaffReadable(false);
              form.setFieldsValue({ who: 'volunteer' });
            }
          })
          .finally(() => mine === seq.current && setSearching(false));
      },
      q ? 250 : 0,
    );
    return () => window.clearTimeout(timer);
  }, [search, order.orgId, me, form]);

  const submit = async (values: Values) => {
    setSaving(true);
    setProblem(null);
    try {
      const saved = await stationServicesApi.step(
        order.id,
        values.who === 'staff'
          ? { action: 'accept', assigneeStaffId: values.staffId ?? null }
          : { action: 'accept', assigneeName: values.volunteerName?.trim() ?? null },
      );
      onDone(saved);
    } catch (error) {
      // The server names the field at fault (assigneeName, assigneeStaffId): its message under the box.
      const { byField, rest } = fieldErrors(error, ['assigneeName', 'assigneeStaffId']);
      form.setFields([
        ...(byField.assigneeName ? [{ name: 'volunteerName' as const, errors: byField.assigneeName }] : []),
        ...(byField.assigneeStaffId ? [{ name: 'staffId' as const, errors: byField.assigneeStaffId }] : []),
      ]);
      setProblem({ title: errorText(error), items: rest });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('consoleStationServices.accept.title')}
      onCancel={onClose}
      mask={{ closable: false }}
      width={560}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button key="ok" type="primary" loading={saving} onClick={() => form.submit()} data-testid="order-accept-ok">
          {t('consoleStationServices.accept.ok')}
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">
        {t('consoleStationServices.accept.hint', {
          station: order.station.name,
          service: order.service.name,
          slot: slotText(order.slotAt, order.service.durationMinutes),
        })}
      </Typography.Paragraph>
      {problem && (
        <Alert
          type="error"
          showIcon
          className="gh-form-alert"
          title={problem.title}
          description={problem.items.length > 0 ? joinMessages(problem.items) : undefined}
          data-testid="order-accept-error"
        />
      )}
      {staffReadable === false && (
        <Alert type="info" showIcon className="gh-form-alert" title={t('consoleStationServices.accept.staffUnavailable')} />
      )}
      <Form<Values> form={form} layout="vertical" initialValues={{ who: 'staff' }} onFinish={(values) => void submit(values)}>
        <Form.Item name="who" label={t('consoleStationServices.accept.who')}>
          <Radio.Group
            optionType="button"
            options={[
              {
                value: 'staff',
                label: <span data-testid="order-accept-staff">{t('consoleStationServices.accept.staff')}</span>,
                disabled: staffReadable === false,
              },
              {
                value: 'volunteer',
                label: <span data-testid="order-accept-volunteer">{t('consoleStationServices.accept.volunteer')}</span>,
              },
            ]}
          />
        </Form.Item>
        {who === 'staff' ? (
          <Form.Item
            name="staffId"
            label={t('consoleStationServices.accept.staffPick')}
            rules={[{ required: true, message: t('consoleStationServices.accept.staffRequired') }]}
            style={{ marginBottom: 0 }}
          >
            <Select<string>
              showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
              placeholder={t('consoleStationServices.accept.staffPlaceholder')}
              loading={searching}
              notFoundContent={searching ? t('common.loading') : t('consoleStationServices.accept.staffNone')}
              onChange={() => setSearch('')}
              options={people.map((p) => ({
                value: p.id,
                label: p.displayName,
                org: p.org.name,
              }))}
              optionRender={(option) => (
                <span>
                  {option.label}
                  <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                    {option.data.org}
                  </Typography.Text>
                </span>
              )}
              data-testid="order-accept-staff-select"
            />
          </Form.Item>
        ) : (
          <Form.Item
            name="volunteerName"
            label={t('consoleStationServices.accept.volunteerName')}
            rules={[
              {
                validator: async (_, value: string | undefined) => {
                  const problemKey = volunteerNameProblem(value);
                  if (problemKey === 'required') throw new Error(t('consoleStationServices.accept.volunteerRequired'));
                  if (problemKey === 'length') throw new Error(t('consoleStationServices.accept.volunteerLength'));
                },
              },
            ]}
            required
            style={{ marginBottom: 0 }}
          >
            <Input
              maxLength={30}
              placeholder={t('consoleStationServices.accept.volunteerPlaceholder')}
              autoFocus
              data-testid="order-accept-name"
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
