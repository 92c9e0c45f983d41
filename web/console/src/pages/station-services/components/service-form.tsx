import { useState } from 'react';
import { Alert, Button, Form, Input, InputNumber, Modal, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText, fieldErrors, joinMessages } from '../../../../../shared/api.ts';
import { OrgPicker } from '../../../components/org-picker.tsx';
import { SERVICE_CATEGORIES, stationServicesApi, type ServiceCategory, type StationService } from '../api.ts';

interface Values {
  orgId?: string;
  name: string;
  category?: ServiceCategory;
  durationMinutes?: number;
  description?: string | null;
  active: boolean;
}

const FIELDS = ['orgId', 'name', 'category', 'durationMinutes', 'description', 'active'] as const;

/** A new service of a union (its own stations' and every one below's), or one changed. */
export function ServiceForm({
  service,
  defaultOrgId,
  onSaved,
  onClose,
}: {
  service: StationService | null;
  defaultOrgId: string;
  onSaved: (service: StationService, created: boolean) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<{ title: string; items: string[] } | null>(null);
  const k = 'consoleStationServices.serviceForm';

  const submit = async (values: Values) => {
    setSaving(true);
    setProblem(null);
    try {
      const description = values.description?.trim();
      const body = {
        name: values.name.trim(),
        category: values.category ?? 'other',
        durationMinutes: values.durationMinutes ?? 60,
        description: description ? description : null,
        active: values.active,
      };
      const saved = service
        ? await stationServicesApi.updateService(service.id, body)
        : await stationServicesApi.createService({ ...body, orgId: values.orgId ?? defaultOrgId });
      onSaved(saved, !service);
    } catch (error) {
      // common.validation_failed and stations.service_duplicate name the field: each message under its box.
      const { byField, rest } = fieldErrors(error, FIELDS);
      form.setFields(Object.entries(byField).map(([name, errors]) => ({ name: name as keyof Values, errors })));
      setProblem({ title: errorText(error), items: rest });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t(service ? `${k}.editTitle` : `${k}.createTitle`)}
      onCancel={onClose}
      mask={{ closable: false }}
      width={600}
      footer={[
        <Button key="cancel" onClick={onClose} data-testid="service-form-cancel">
          {t('common.cancel')}
        </Button>,
        <Button key="ok" type="primary" loading={saving} onClick={() => form.submit()} data-testid="service-form-submit">
          {service ? t('common.save') : t('common.create')}
        </Button>,
      ]}
    >
      {problem && (
        <Alert
          type="error"
          showIcon
          className="gh-form-alert"
          title={problem.title}
          description={problem.items.length > 0 ? joinMessages(problem.items) : undefined}
          data-testid="service-form-error"
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={
          service
            ? { ...service, description: service.description ?? '' }
            : { orgId: defaultOrgId, name: '', durationMinutes: 60, description: '', active: true }
        }
        onFinish={(values) => void submit(values)}
        onValuesChange={(changed: Partial<Values>) =>
          form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof Values, errors: [] })))
        }
      >
        {!service && (
          <Form.Item
            name="orgId"
            label={t(`${k}.union`)}
            extra={t(`${k}.unionHint`)}
            rules={[{ required: true, message: t(`${k}.unionRequired`) }]}
          >
            <OrgPicker data-testid="service-org" />
          </Form.Item>
        )}
        <Form.Item
          name="name"
          label={t(`${k}.name`)}
          rules={[
            { required: true, whitespace: true, message: t(`${k}.nameRequired`) },
            { min: 2, max: 40, message: t(`${k}.nameLength`) },
          ]}
        >
          <Input maxLength={40} placeholder={t(`${k}.namePlaceholder`)} data-testid="service-name" />
        </Form.Item>
        <div className="gh-ss-form-row">
          <Form.Item name="category" label={t(`${k}.category`)} rules={[{ required: true, message: t(`${k}.categoryRequired`) }]}>
            <Select<ServiceCategory>
              options={SERVICE_CATEGORIES.map((c) => ({
                value: c,
                label: <span data-testid={`service-category-${c}`}>{t(`consoleStationServices.category.${c}`)}</span>,
              }))}
              data-testid="service-category"
            />
          </Form.Item>
          <Form.Item
            name="durationMinutes"
            label={t(`${k}.duration`)}
            rules={[{ required: true, message: t(`${k}.durationRequired`) }]}
            extra={t(`${k}.durationHint`)}
          >
            <InputNumber
              min={15}
              max={480}
              step={15}
              precision={0}
              suffix={t(`${k}.durationSuffix`)}
              style={{ width: '100%' }}
              data-testid="service-duration"
            />
          </Form.Item>
        </div>
        <Form.Item name="description" label={t(`${k}.description`)}>
          <Input.TextArea
            rows={3}
            maxLength={500}
            showCount
            placeholder={t(`${k}.descriptionPlaceholder`)}
            data-testid="service-description"
          />
        </Form.Item>
        <Form.Item name="active" label={t(`${k}.active`)} valuePropName="checked" style={{ marginBottom: 0 }}>
          <Switch data-testid="service-active" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
